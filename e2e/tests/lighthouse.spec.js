// Lighthouse against the example page and its statistics page, in every built-in theme: 100 in accessibility, best
// practices and SEO, and full marks in every performance audit that measures no time (bytes,
// compression, unused or unminified CSS and JS, images, caching, layout shift, render-blocking
// resources, third parties, the DOM's size). These verdicts hold whatever the machine's load.
// The performance *score* is made of timings (paint, blocking time), which move with the load
// of a two-core machine: bench/lighthouse reports it, as a median over runs, beside its peer.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const chromium = require("../chromium-flags");
const { servers, themes } = require("../playwright.config");

// Lighthouse 12's performance audits that time nothing: each is a count of bytes, requests,
// rules or shifts, or a property of the page, so its verdict is the same on a busy machine.
// Left out, because they are timings: first-contentful-paint, largest-contentful-paint,
// speed-index, total-blocking-time, interactive, max-potential-fid, server-response-time,
// bootup-time, mainthread-work-breakdown, long-tasks, document-latency-insight,
// lcp-breakdown-insight, forced-reflow-insight. And render-blocking-resources' *score*: it is
// the milliseconds that Lighthouse's simulation estimates a blocking file costs, from timings
// it observed (30 ms for the same stylesheet on one page, 110 ms on the other, in one run). What
// it lists is not a timing, and is held: the page's one stylesheet, same-origin, and nothing else.
const UNTIMED_PERFORMANCE_AUDITS = [
  "cumulative-layout-shift",
  "layout-shifts",
  "cls-culprits-insight",
  "total-byte-weight",
  "uses-text-compression",
  "unminified-css",
  "unminified-javascript",
  "unused-css-rules",
  "unused-javascript",
  "duplicated-javascript",
  "duplicated-javascript-insight",
  "legacy-javascript",
  "legacy-javascript-insight",
  "uses-responsive-images",
  "offscreen-images",
  "uses-optimized-images",
  "modern-image-formats",
  "image-delivery-insight",
  "efficient-animated-content",
  "unsized-images",
  "prioritize-lcp-image",
  "lcp-lazy-loaded",
  "lcp-discovery-insight",
  "uses-long-cache-ttl",
  "cache-insight",
  "uses-rel-preconnect",
  "redirects",
  "font-display",
  "font-display-insight",
  "third-party-summary",
  "third-party-facades",
  "third-parties-insight",
  "dom-size",
  "dom-size-insight",
  "non-composited-animations",
  "uses-passive-event-listeners",
  "no-document-write",
  "viewport",
  "viewport-insight",
];

/** One Lighthouse run of `page`; a run that Lighthouse itself could not complete (a Chromium
 * that did not start or paint in time on a loaded machine: an exit code or a runtimeError in the
 * report) is tried once more, and says why. Verdicts are never retried. */
function audit(port, page, out, attempt = 1) {
  const cli = require.resolve("lighthouse/cli/index.js");
  try {
    execFileSync(
      process.execPath,
      [
        cli,
        `http://127.0.0.1:${port}${page}`,
        "--quiet",
        "--no-enable-error-reporting",
        `--chrome-flags=${chromium.lighthouseFlags}`,
        "--only-categories=performance,accessibility,best-practices,seo",
        "--output=json",
        `--output-path=${out}`,
      ],
      { env: { ...process.env, CHROME_PATH: chromium.executablePath }, stdio: ["ignore", "ignore", "inherit"], timeout: 150_000 },
    );
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    if (report.runtimeError) throw new Error(`${report.runtimeError.code}: ${report.runtimeError.message}`);
    return report;
  } catch (err) {
    if (attempt > 1) throw err;
    console.log(`Lighthouse ${page}: the run did not complete (${err.message.split("\n")[0]}); once more`);
    return audit(port, page, out, attempt + 1);
  }
}

/** An audit at full marks: score 1, or nothing on this page to judge (no images, no third party). */
const fullMarks = (a) => a.score === 1 || ["notApplicable", "informative", "manual"].includes(a.scoreDisplayMode);

// Every theme's page; the statistics page (the same in every theme but for its measure) once.
for (const [theme, page] of [...themes.map((t) => [t, "/"]), [themes[0], "/stats.html"]]) {
  const port = servers[themes.server(theme)].port;
  test(`Lighthouse ${theme} ${page}: accessibility, best practices and SEO 100, every untimed performance audit at full marks`, async () => {
    test.setTimeout(360_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-"));
    const report = audit(port, page, path.join(dir, "report.json"));
    fs.rmSync(dir, { recursive: true, force: true });
    const scores = Object.fromEntries(Object.entries(report.categories).map(([k, c]) => [k, Math.round(c.score * 100)]));
    console.log(`Lighthouse ${page}: ${JSON.stringify(scores)} (performance is reported, not held: bench/lighthouse)`);
    for (const category of ["accessibility", "best-practices", "seo"]) {
      const below = report.categories[category].auditRefs
        .map((ref) => report.audits[ref.id])
        .filter((a) => a.scoreDisplayMode === "binary" && a.score !== 1)
        .map((a) => `${a.id}: ${a.title}`);
      expect(scores[category], `${page} ${category}; below full marks: ${below.join("; ")}`).toBe(100);
    }
    const missing = UNTIMED_PERFORMANCE_AUDITS.filter((id) => !report.audits[id]);
    expect(missing, "audits this Lighthouse no longer has (update the list)").toEqual([]);
    const failing = UNTIMED_PERFORMANCE_AUDITS.map((id) => report.audits[id])
      .filter((a) => !fullMarks(a))
      .map((a) => `${a.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ""}): ${a.title}`);
    expect(failing, `${page}: performance audits below full marks`).toEqual([]);
    // Render-blocking: the page's own stylesheet at most (it must arrive before the first paint,
    // or the page flashes unstyled); never a script, a font or another origin's file.
    const blocking = (report.audits["render-blocking-resources"].details?.items ?? []).map((item) => new URL(item.url));
    const stylesheet = /^\/assets\/site\.[0-9a-f]+\.css$/;
    const others = blocking.filter((url) => url.host !== `127.0.0.1:${port}` || !stylesheet.test(url.pathname));
    expect(others.map(String), `${page}: render-blocking files other than the page's stylesheet`).toEqual([]);
  });
}
