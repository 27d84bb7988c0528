// One resume in two languages in a real browser: each page says its language and lists every
// language's address (hreflang, x-default); the switcher is reached by keyboard and leads to the
// other language's page, named in itself; each page's view counts under its own path.
const { test, expect } = require("@playwright/test");
const AxeBuilder = require("@axe-core/playwright").default;
const { servers } = require("../playwright.config");

const SITE = `http://127.0.0.1:${servers.languages.port}`;

test("each language's page says its language and links every other", async ({ page }) => {
  for (const [path, lang, heading] of [["/", "de", "Berufserfahrung"], ["/en/", "en", "Experience"]]) {
    await page.goto(SITE + path);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.locator("h2", { hasText: heading })).toBeVisible();
    const alternates = await page.locator('link[rel="alternate"]').evaluateAll((links) =>
      links.map((l) => [l.hreflang, new URL(l.href).pathname]));
    expect(alternates).toEqual([["de", "/"], ["en", "/en/"], ["x-default", "/"]]);
    const switcher = page.getByRole("navigation", { name: lang === "de" ? "Sprache" : "Language" });
    await expect(switcher.getByRole("link")).toHaveText(["Deutsch", "English"]);
    await expect(switcher.locator('[aria-current="page"]')).toHaveAttribute("hreflang", lang);
  }
});

test("the switcher is reached by keyboard and leads to the other language", async ({ page }) => {
  await page.goto(SITE + "/");
  // Tab from the top of the page until the English link has the focus.
  let focused = "";
  for (let i = 0; i < 30 && focused !== "English"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
  }
  expect(focused).toBe("English");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(SITE + "/en/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("h1 + .label")).toHaveText("Database Engineer");
});

test("a view of /en/ counts under /en/, apart from /", async ({ browser, request }) => {
  // A visitor of its own (the tests above viewed /en/ with the default User-Agent, within the
  // refresh window).
  const context = await browser.newContext({
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 languages-spec",
  });
  const page = await context.newPage();
  const totals = async (path) => (await request.get(`${SITE}/api/visits?path=${encodeURIComponent(path)}`)).json();
  const before = { de: await totals("/"), en: await totals("/en/") };
  const posted = page.waitForResponse((r) => r.url().endsWith("/api/visits") && r.request().method() === "POST");
  await page.goto(SITE + "/en/index.html");
  const answer = await (await posted).json();
  expect(answer).toMatchObject({ path: "/en/", counted: true });
  expect((await totals("/en")).views).toBe(before.en.views + 1);
  expect((await totals("/")).views).toBe(before.de.views);
  await context.close();
});

test("the English page and its statistics pass axe", async ({ page }) => {
  for (const path of ["/en/", "/en/stats.html"]) {
    await page.goto(SITE + path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, path).toEqual([]);
  }
  // The statistics page shows each language's views.
  await expect(page.locator("#by-language")).toContainText("Deutsch:");
  await expect(page.locator("#by-language")).toContainText("English:");
});
