// Share links and the owner's own views in a real browser, against the example server: a view
// through /?ref=NAME is counted under NAME (read back with `cloud-resume stats`, the owner's
// report) and the address bar loses the ref; ?me stops the browser counting itself.
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const { servers, bin } = require("../playwright.config");

const EXAMPLE = `http://127.0.0.1:${servers.example.port}`;
const DATA = path.join(__dirname, "..", ".data", "example");
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Views under each value of `by`, from the owner's report. */
function report(by) {
  const out = execFileSync(bin, ["stats", "--by", by, "--format", "json", "--data-dir", DATA], { encoding: "utf8" });
  return Object.fromEntries(JSON.parse(out).rows.map((r) => [r[by], r.views]));
}

test("a view through a share link counts under its name, and the address bar loses the ref", async ({ browser }) => {
  execFileSync(bin, ["link", "e2e-acme", "--data-dir", DATA], { stdio: "ignore" });
  const before = report("ref")["e2e-acme"] || 0;
  const context = await browser.newContext({ userAgent: `${BROWSER} share-link` });
  const page = await context.newPage();
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/visits") && r.method() === "POST");
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/visits") && r.request().method() === "POST");
  await page.goto(EXAMPLE + "/?ref=e2e-acme&utm_source=mail#work");
  expect(JSON.parse((await posted).postData())).toEqual({ path: "/", ref: "e2e-acme" });
  expect((await (await answered).json()).counted).toBe(true);
  expect(page.url()).toBe(EXAMPLE + "/?utm_source=mail#work");
  expect(report("ref")["e2e-acme"]).toBe(before + 1);
  // Reloaded (as a forwarded copy would be opened), the page sends no ref.
  const again = page.waitForRequest((r) => r.url().endsWith("/api/visits") && r.method() === "POST");
  await page.reload();
  expect(JSON.parse((await again).postData())).toEqual({ path: "/" });
  await context.close();
});

test("a referring site is sent as its host only, and counted as its domain", async ({ browser }) => {
  const before = report("referrer")["example.org"] || 0;
  const context = await browser.newContext({ userAgent: `${BROWSER} referred` });
  const page = await context.newPage();
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/visits") && r.method() === "POST");
  await page.goto(EXAMPLE + "/", { referer: "https://jobs.example.org/listing/42?candidate=someone" });
  expect(JSON.parse((await posted).postData())).toEqual({ path: "/", referrer: "jobs.example.org" });
  await expect.poll(() => report("referrer")["example.org"] || 0).toBe(before + 1);
  await context.close();
});

test("?me stops this browser counting itself, and ?me=off undoes it", async ({ browser }) => {
  const context = await browser.newContext({ userAgent: `${BROWSER} owner` });
  const page = await context.newPage();
  const posts = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/visits") && r.method() === "POST") posts.push(r.url());
  });
  await page.goto(EXAMPLE + "/?me");
  await expect(page.locator("#visits")).toContainText("views");
  expect(page.url()).toBe(EXAMPLE + "/");
  await page.goto(EXAMPLE + "/stats.html");
  await page.goto(EXAMPLE + "/");
  await expect(page.locator("#visits")).toContainText("views");
  expect(posts).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe("");
  await page.goto(EXAMPLE + "/?me=off");
  await expect(page.locator("#visits")).toContainText("views");
  expect(posts.length).toBe(1);
  await context.close();
});
