// Every built-in theme in a real browser: each renders every fixture resume (and the JSON Resume
// sample) with no sideways scroll at 320 px and at 1280 px and nothing from another origin; the
// plain-JSON ones with every section and every employer, position and school visible. Against
// `cloud-resume serve --theme NAME` of the example: axe on every page, light and dark, desktop
// and 320 px, and no layout shift from the counter. (Lighthouse for each theme: lighthouse.spec.js;
// the HTML of every fixture in every theme: crates/site/tests/themes.rs.)
const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const AxeBuilder = require("@axe-core/playwright").default;
const { bin, servers, themes } = require("../playwright.config");

const root = path.join(__dirname, "..", "..");
const fixtureDirs = ["real", "as-written", "yaml", "wide"].map((d) => path.join(root, "crates/resume/tests/fixtures", d));
const resumes = [
  require.resolve("@jsonresume/schema/sample.resume.json"),
  path.join(root, "examples/resume.json"),
  path.join(root, "crates/resume/tests/fixtures/partial-dates.resume.json"),
  path.join(root, "crates/resume/tests/fixtures/xss.resume.json"),
  ...fixtureDirs.flatMap((dir) => fs.readdirSync(dir).sort().map((f) => path.join(dir, f))),
];
const SITE = "http://theme.test";
const run = promisify(execFile);
const squash = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();

/** A page that shows the built folder it is pointed at (`show(dir)`) at SITE inside the browser;
 * a request anywhere else is refused and recorded in `foreign`. The API is not there: the
 * counter shows its quiet dash. */
async function viewer(context) {
  const page = await context.newPage();
  const state = { dir: null, foreign: [] };
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== SITE) {
      state.foreign.push(url.href);
      return route.abort();
    }
    const target = path.join(state.dir, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
    if (!target.startsWith(state.dir) || !fs.existsSync(target) || !fs.statSync(target).isFile()) {
      return route.fulfill({ status: 404, contentType: "application/json", body: '{"error":"not_found","message":"No."}' });
    }
    const type = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" }[path.extname(target)];
    return route.fulfill({ status: 200, body: fs.readFileSync(target), contentType: type || "application/octet-stream" });
  });
  const show = async (dir) => {
    Object.assign(state, { dir, foreign: [] });
    await page.goto(SITE + "/", { waitUntil: "load" });
    return state.foreign;
  };
  return { page, show };
}

/** What a plain JSON Resume must show: its section headings (by the page's own ids) and the
 * names of its entries. */
function expectedOf(file) {
  // Files in other shapes (as-written/: objects for lists, other names, blank template entries)
  // are read by the reading rules, and their entries held in Rust against what was read.
  if (!file.endsWith(".json") || file.includes(`${path.sep}as-written${path.sep}`)) return null;
  let resume;
  try {
    resume = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    return null; // JSON with comments: read by the reader, checked in Rust
  }
  const plain = (s) => typeof s === "string" && s.trim() && !/[<>*_[\]`#\\{]/.test(s);
  // Only a file in the schema's own shape: other shapes (objects for lists, other names) are
  // read by the reading rules, and their entries checked in Rust.
  const list = (key) => (Array.isArray(resume[key]) ? resume[key].filter((x) => x && typeof x === "object") : []);
  const names = [
    ...list("work").flatMap((w) => [w.name, w.position]),
    ...list("education").map((e) => e.institution),
    ...list("volunteer").flatMap((v) => [v.organization, v.position]),
    ...list("projects").map((p) => p.name),
  ].filter(plain);
  const sections = ["work", "education", "projects", "volunteer", "skills", "awards", "publications", "languages", "interests", "references", "certificates"].filter(
    (key) => list(key).length > 0,
  );
  return { names, sections };
}

const builds = fs.mkdtempSync(path.join(os.tmpdir(), "themes-"));
test.afterAll(() => fs.rmSync(builds, { recursive: true, force: true }));

for (const theme of themes) {
  test(`${theme}: every fixture resume fits 320 px and 1280 px, loads nothing from elsewhere, and shows every entry`, async ({ browser }) => {
    test.setTimeout(240_000);
    const narrow = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const wide = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    let entries = 0;
    // Each resume: built, then opened at both widths; three at a time (the builds use the CPUs,
    // the pages wait on them).
    const check = async (file, views) => {
      const name = path.relative(root, file);
      const out = path.join(builds, theme, path.basename(file));
      await run(bin, ["build", "--theme", theme, "--resume", file, "--out", out]);
      for (const [width, { page, show }] of views) {
        const foreign = await show(out);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${name} at ${width} px: ${overflow} px wider than the window`);
        if (foreign.length) problems.push(`${name}: requests to ${foreign.join(", ")}`);
        const expected = expectedOf(file);
        if (expected && width === 1280) {
          const text = squash(await page.locator("body").innerText());
          for (const n of expected.names) {
            entries += 1;
            if (!text.includes(squash(n))) problems.push(`${name}: ${JSON.stringify(n)} is not visible`);
          }
          for (const s of expected.sections) {
            if (!(await page.locator(`section[aria-labelledby="${s}"] h2`).isVisible())) problems.push(`${name}: no visible ${s} section`);
          }
        }
      }
    };
    const queue = [...resumes];
    await Promise.all(
      [1, 2, 3].map(async () => {
        const views = [[320, await viewer(narrow)], [1280, await viewer(wide)]];
        while (queue.length) await check(queue.shift(), views);
      }),
    );
    await narrow.close();
    await wide.close();
    expect(problems).toEqual([]);
    expect(resumes.length).toBeGreaterThanOrEqual(20);
    expect(entries).toBeGreaterThan(30);
  });

  const base = `http://127.0.0.1:${servers[themes.server(theme)].port}`;
  for (const [look, options] of [
    ["light, desktop", { colorScheme: "light", viewport: { width: 1280, height: 900 } }],
    ["dark, 320 px", { colorScheme: "dark", viewport: { width: 320, height: 800 } }],
  ]) {
    test(`${theme}: axe finds no violation on any page (${look})`, async ({ browser }) => {
      const context = await browser.newContext(options);
      for (const p of ["/", "/stats.html", "/no-such-page"]) {
        const page = await context.newPage();
        await page.goto(base + p);
        await page.waitForLoadState("networkidle");
        const results = await new AxeBuilder({ page }).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
        expect(summary, `${theme} ${p} (${look})`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${theme} ${p} (${look}) scrolls sideways`).toBeLessThanOrEqual(0);
        // The theme sets the measure of its other pages too: no line of text runs the window's width.
        const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll("main p, main figure, main h1")].map((e) => e.getBoundingClientRect().width)));
        expect(widest, `${theme} ${p} (${look}): the widest line`).toBeLessThanOrEqual(800);
        if (p === "/stats.html") {
          // The chart's labels are drawn for the width it has: readable on a phone too.
          await expect(page.locator("svg#chart")).toHaveAttribute("data-drawn", "30");
          const smallest = await page.locator("svg#chart text").evaluateAll((ts) => Math.min(...ts.map((t) => t.getBoundingClientRect().height)));
          expect(smallest, `${theme} ${p} (${look}): the chart's smallest label, px`).toBeGreaterThanOrEqual(10);
        }
        await page.close();
      }
      await context.close();
    });
  }

  test(`${theme}: dark mode is its own palette, and the counter shifts nothing`, async ({ browser }) => {
    const colours = {};
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(base + "/");
      await expect(page.locator("#visits")).toContainText("view");
      colours[scheme] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
      const shift = await page.evaluate(
        () =>
          new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
            }).observe({ type: "layout-shift", buffered: true });
            setTimeout(() => resolve(total), 300);
          }),
      );
      expect(shift, `${theme} ${scheme}: layout shift`).toBeLessThan(0.01);
      await context.close();
    }
    expect(colours.dark[0]).not.toBe(colours.light[0]);
    expect(colours.dark[1]).not.toBe(colours.light[1]);
    // Dark means dark: the background's channels are all low.
    const channels = colours.dark[0].match(/\d+/g).slice(0, 3).map(Number);
    expect(Math.max(...channels), `${theme} dark background ${colours.dark[0]}`).toBeLessThan(48);
  });
}
