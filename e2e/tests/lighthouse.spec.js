// Lighthouse against the example page and its statistics page: 100 in each of performance,
// accessibility, best practices and SEO, in the median of three runs, as the README says.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const chromium = require("../chromium-flags");
const { servers } = require("../playwright.config");

test("Lighthouse scores", async () => {
  test.setTimeout(900_000);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-")), "report.json");
  const cli = require.resolve("lighthouse/cli/index.js");
  // One Lighthouse run of `page`; a run that Lighthouse itself could not complete (a Chromium
  // that did not start or paint in time on a loaded machine: an exit code or a runtimeError in
  // the report) is tried once more, and says why. Scores are never retried.
  const audit = (page, attempt = 1) => {
    try {
      execFileSync(
        process.execPath,
        [
          cli,
          `http://127.0.0.1:${servers.example.port}${page}`,
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
      return audit(page, attempt + 1);
    }
  };
  // Lighthouse's performance score moves from run to run with the machine's load; its authors'
  // advice is the median of several runs. So each page is audited three times and the run with
  // the median performance score is the one held to 100 in every category.
  const RUNS = 3;
  for (const page of ["/", "/stats.html"]) {
    const runs = Array.from({ length: RUNS }, () => audit(page));
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const performances = runs.map((r) => Math.round(r.categories.performance.score * 100));
    const report = runs[Math.floor(RUNS / 2)];
    const scores = Object.fromEntries(Object.entries(report.categories).map(([k, c]) => [k, Math.round(c.score * 100)]));
    console.log(`Lighthouse ${page}: ${JSON.stringify(scores)} (median of performance ${performances.join(", ")})`);
    const failing = Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => `${a.id}: ${a.title}`);
    if (failing.length) console.log("  audits below full marks:", failing.join("; "));
    for (const category of ["performance", "accessibility", "best-practices", "seo"]) {
      expect(scores[category], `${page} ${category}`).toBe(100);
    }
  }
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});
