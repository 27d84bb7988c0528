// Prints, as JSON, every URL a page requests while loading (Debian's Chromium, offline flags).
// Requests to other origins fail here (no network), but they are still seen and listed.
const { chromium } = require("playwright-core");

// The project's one list of offline flags (crates/server/chromium-offline-flags.txt).
const FLAGS = require("../../e2e/chromium-flags.js").args;

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: FLAGS });
  const page = await browser.newPage();
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  try {
    await page.goto(process.argv[2], { waitUntil: "networkidle", timeout: 20000 });
  } catch (e) {
    // A page whose third-party requests hang offline still counts what it asked for.
  }
  await browser.close();
  process.stdout.write(JSON.stringify(urls));
})();
