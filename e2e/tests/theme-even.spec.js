// Side by side with jsonresume-theme-even, the most used JSON Resume theme: the same resume
// rendered by both and opened in the same browser. Nothing of the resume that theme-even shows
// may be missing from our page: every text of the resume it shows, every date, the country, and a
// length for every job whose dates name a month. Our page must also load nothing from another
// origin (theme-even asks Google Fonts for Lato; here that request is refused).
//
// SIDE_BY_SIDE_SHOTS=folder also saves a screenshot pair per resume (bench/side-by-side holds
// the pair of the JSON Resume sample and of a German resume).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const { bin } = require("../playwright.config");

const root = path.join(__dirname, "..", "..");
const realDir = path.join(root, "crates/resume/tests/fixtures/real");
// name → [file, the page's language (--lang), or the resume's own]
const resumes = {
  "jsonresume-sample": [require.resolve("@jsonresume/schema/sample.resume.json")],
  example: [path.join(root, "examples/resume.json")],
  ...Object.fromEntries(fs.readdirSync(realDir).filter((f) => f.endsWith(".json")).map((f) => [f.replace(/\.json$/, ""), [path.join(realDir, f)]])),
  "dates-fr.fr": [path.join(realDir, "dates-fr.json"), "fr"],
  "cjk.ja": [path.join(realDir, "cjk.json"), "ja"],
  "old-schema-de.de": [path.join(realDir, "old-schema-de.json"), "de"],
};

const OURS = "http://ours.test";
const THEIRS = "http://theirs.test";
const squash = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();

/** Every string of the resume, at any depth, with its JSON path. */
function strings(value, at = "") {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/** Serves `files` (path → bytes) at `origin` inside the browser; other origins are refused. */
async function serve(page, origin, files) {
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) return route.abort();
    const file = files(url.pathname === "/" ? "/index.html" : url.pathname);
    if (file === null) return route.fulfill({ status: 404, body: "" });
    const type = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" }[path.extname(url.pathname || ".html") || ".html"];
    return route.fulfill({ status: 200, body: file, contentType: type || "application/octet-stream" });
  });
}

async function open(browser, origin, files) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  await serve(page, origin, files);
  await page.goto(origin + "/", { waitUntil: "load" });
  await page.waitForTimeout(200); // theme-even's durations are filled in by a script
  return { page, requested, text: await page.locator("body").innerText() };
}

for (const [name, [file, lang]] of Object.entries(resumes)) {
  test(`side by side with theme-even: ${name}`, async ({ browser }) => {
    const resume = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
    const even = await import("jsonresume-theme-even");
    const theirsHtml = await even.render(resume);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "side-by-side-"));
    try {
      execFileSync(bin, ["build", "--resume", file, "--out", out, ...(lang ? ["--lang", lang] : [])], { stdio: "pipe" });
      const ourFile = (p) => {
        const target = path.join(out, path.normalize(p));
        return target.startsWith(out) && fs.existsSync(target) && fs.statSync(target).isFile() ? fs.readFileSync(target) : null;
      };
      const ours = await open(browser, OURS, ourFile);
      const theirs = await open(browser, THEIRS, (p) => (p === "/index.html" ? theirsHtml : null));

      // Every text of the resume that theme-even shows, ours shows too.
      const theirText = squash(theirs.text), ourText = squash(ours.text);
      const shownByThem = strings(resume).filter(([, s]) => squash(s).length > 1 && theirText.includes(squash(s)));
      expect(shownByThem.length).toBeGreaterThan(5);
      const missing = shownByThem.filter(([, s]) => !ourText.includes(squash(s))).map(([at, s]) => `${at}: ${s}`);
      expect(missing, "shown by theme-even, missing from ours").toEqual([]);

      // Every date theme-even shows (English month names), ours shows where the page is English.
      const pageLang = await ours.page.locator("html").getAttribute("lang");
      expect(pageLang).toBe(lang || "en");
      // (A year alone, theme-even shows as January of it; ours as the year.)
      const theirDates = await theirs.page.locator("time[datetime]").evaluateAll((ts) =>
        ts.filter((t) => /^\d{4}-\d{2}/.test(t.getAttribute("datetime"))).map((t) => t.textContent.trim()),
      );
      if (pageLang === "en") {
        const missingDates = theirDates.filter((d) => d && d !== "Invalid Date" && !ours.text.includes(d));
        expect(missingDates, "dates shown by theme-even").toEqual([]);
      }

      // The country, by name (theme-even's is always English; ours speaks the page's language).
      const code = resume.basics?.location?.countryCode;
      if (code && /^[A-Za-z]{2}$/.test(code)) {
        const local = new Intl.DisplayNames([pageLang], { type: "region" }).of(code.toUpperCase());
        expect(ours.text, `the country ${code} by name`).toContain(local);
      }

      // A length for every job whose start and end (or none: ongoing) name a month.
      const monthly = (d) => typeof d === "string" && /^\d{4}-\d{1,2}/.test(d);
      const jobs = (resume.work || []).filter((w) => monthly(w.startDate) && (w.endDate == null || w.endDate === "" || monthly(w.endDate) || /^(present|now|current)$/i.test(w.endDate)));
      const lengths = await ours.page.locator("section[aria-labelledby=work] .length").count();
      expect(lengths, "a length per job with months").toBeGreaterThanOrEqual(jobs.filter((w) => !w.endDate || w.endDate >= w.startDate).length);

      // Ours: nothing from another origin. (Theirs asks Google Fonts, refused here.)
      expect(ours.requested.filter((u) => !u.startsWith(OURS + "/"))).toEqual([]);

      if (process.env.SIDE_BY_SIDE_SHOTS) {
        fs.mkdirSync(process.env.SIDE_BY_SIDE_SHOTS, { recursive: true });
        for (const [who, side] of [["cloud-resume", ours], ["theme-even", theirs]]) {
          await side.page.screenshot({ path: path.join(process.env.SIDE_BY_SIDE_SHOTS, `${name}.${who}.png`) });
        }
      }
      await ours.page.close();
      await theirs.page.close();
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
}
