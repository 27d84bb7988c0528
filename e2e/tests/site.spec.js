// The resume page and the stats page in a real browser.
const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const { test, expect } = require("@playwright/test");
const AxeBuilder = require("@axe-core/playwright").default;
const { servers } = require("../playwright.config");

const origin = (name) => `http://127.0.0.1:${servers[name].port}`;
const EXAMPLE = origin("example");

/** Fails the test on any request that leaves the page's own origin, and on any dialog. */
function guard(page, own) {
  const foreign = [];
  page.on("request", (req) => {
    if (!req.url().startsWith(own + "/")) foreign.push(req.url());
  });
  page.on("dialog", (d) => {
    throw new Error("a dialog opened: " + d.message());
  });
  return foreign;
}

async function apiTotals(request, base, path = "/") {
  const res = await request.get(`${base}/api/visits?path=${encodeURIComponent(path)}`);
  expect(res.ok()).toBeTruthy();
  return res.json();
}

test("the page shows the counter, and a reload does not count again", async ({ page, request }) => {
  const foreign = guard(page, EXAMPLE);
  const before = await apiTotals(request, EXAMPLE);
  const first = page.waitForResponse((r) => r.url().endsWith("/api/visits") && r.request().method() === "POST");
  await page.goto(EXAMPLE + "/");
  const answer = await (await first).json();
  expect(answer.counted).toBe(true);
  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
  await expect(page.locator("#visits")).toHaveText(
    `${plural(before.views + 1, "view", "views")} · ${plural(before.visitors + 1, "visitor", "visitors")}`,
  );

  const second = page.waitForResponse((r) => r.url().endsWith("/api/visits") && r.request().method() === "POST");
  await page.reload();
  expect((await (await second).json()).counted).toBe(false);
  await expect(page.locator("#visits")).toContainText("view");
  expect(await apiTotals(request, EXAMPLE)).toEqual({ path: "/", views: before.views + 1, visitors: before.visitors + 1 });
  expect(foreign).toEqual([]);
});

test("the visit is sent with the SHA-256 of its exact body", async ({ page }) => {
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/visits") && r.method() === "POST");
  await page.goto(EXAMPLE + "/");
  const req = await posted;
  const body = req.postData();
  expect(JSON.parse(body)).toEqual({ path: "/" });
  const headers = await req.allHeaders();
  expect(headers["content-type"]).toBe("application/json");
  expect(headers["x-amz-content-sha256"]).toBe(crypto.createHash("sha256").update(body).digest("hex"));
});

test("a failing API shows a quiet dash after one retry", async ({ page }) => {
  let attempts = 0;
  await page.route("**/api/visits", (route) => {
    attempts += 1;
    return route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"store_unavailable","message":"Down."}' });
  });
  await page.goto(EXAMPLE + "/");
  await expect(page.locator("#visits")).toHaveText("–");
  expect(attempts).toBe(2);
});

test("stats.html draws 30 days as a chart and a table", async ({ page, request }) => {
  const foreign = guard(page, EXAMPLE);
  await request.post(EXAMPLE + "/api/visits", {
    data: { path: "/" },
    headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0 stats-test" },
  });
  await page.goto(EXAMPLE + "/stats.html");
  const chart = page.locator("svg#chart");
  await expect(chart).toHaveAttribute("data-drawn", "30");
  await expect(chart.locator("rect.bar")).toHaveCount(30);
  await expect(chart.locator("circle.dot")).toHaveCount(30);
  await expect(page.locator("#daily tbody tr")).toHaveCount(30);
  const today = new Date().toISOString().slice(0, 10);
  const last = page.locator("#daily tbody tr").last();
  await expect(last.locator("th")).toHaveText(today);
  const totals = await apiTotals(request, EXAMPLE);
  expect(Number(await last.locator("td").first().textContent())).toBeGreaterThan(0);
  expect(Number(await last.locator("td").first().textContent())).toBeLessThanOrEqual(totals.views);
  await expect(page.locator("#totals")).toHaveText(/^[\d,]+ views? · [\d,]+ visitors? \(last 30 days\)$/);
  // A legend in words, so it reads without colour.
  await expect(page.locator("figcaption")).toContainText("Views (bars)");
  await expect(page.locator("figcaption")).toContainText("Visitors (line with dots)");
  expect(foreign).toEqual([]);
});

for (const path of ["/", "/stats.html", "/no-such-page"]) {
  test(`axe finds no violation on ${path}`, async ({ page }) => {
    await page.goto(EXAMPLE + path);
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
    expect(summary).toEqual([]);
  });
}

test("hostile strings in the resume stay inert in the browser", async ({ page }) => {
  const base = origin("hostile");
  const foreign = guard(page, base);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.waitForLoadState("networkidle");
  // Markup goes through the sanitiser: no tag shows as text, and nothing it names exists as an
  // element or ran (the name was a script and nothing else: no name is left of it).
  await expect(page.locator("h1")).not.toContainText("<script");
  for (const selector of ["iframe", "img", "main svg", "style", "main script", "object", "embed"]) {
    await expect(page.locator(selector)).toHaveCount(0);
  }
  // What the sanitiser keeps (`<b>Net</b>` of `<b onclick=…>Net</b>`) keeps no attribute.
  const attributes = await page.locator("header b, main b, main strong, main em").evaluateAll((els) => els.flatMap((el) => [...el.attributes].map((a) => a.name)));
  expect(attributes).toEqual([]);
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:|tel:|\/|#)/);
  const withHandlers = await page.evaluate(() =>
    [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
  );
  expect(withHandlers).toBe(0);
  const ld = await page.locator('script[type="application/ld+json"]').textContent();
  expect(JSON.parse(ld).name ?? "").not.toContain("<script");
  expect(await page.locator("body").innerText()).not.toMatch(/<(script|iframe|img|svg|style|a |b )/i);
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test("the JSON Resume project's sample renders every entry", async ({ page }) => {
  const base = origin("sample");
  const foreign = guard(page, base);
  const sample = JSON.parse(fs.readFileSync(servers.sample.resume, "utf8"));
  await page.goto(base + "/");
  const text = await page.locator("body").innerText();
  const expected = [
    ...(sample.work || []).map((w) => w.name),
    ...(sample.education || []).map((e) => e.institution),
    ...(sample.projects || []).map((p) => p.name),
    ...(sample.skills || []).map((s) => s.name),
    ...(sample.awards || []).map((a) => a.title),
    ...(sample.publications || []).map((p) => p.name),
    ...(sample.languages || []).map((l) => l.language),
    ...(sample.volunteer || []).map((v) => v.organization),
  ].filter(Boolean);
  expect(expected.length).toBeGreaterThan(8);
  const missing = expected.filter((name) => !text.includes(name));
  expect(missing).toEqual([]);
  expect(foreign).toEqual([]);
});

test("every spelling of the page counts as the page: the widget sends its normal form", async ({ page }) => {
  const sent = { "/index.html": { path: "/" }, "/?utm_source=mail": { path: "/" }, "/index.html?ref=x#top": { path: "/", ref: "x" } };
  for (const [address, body] of Object.entries(sent)) {
    const posted = page.waitForRequest((r) => r.url().endsWith("/api/visits") && r.method() === "POST");
    await page.goto(EXAMPLE + address);
    expect(JSON.parse((await posted).postData()), address).toEqual(body);
  }
});

test("another site's page cannot count a view, with or without CORS", async ({ page, request }) => {
  const before = await apiTotals(request, EXAMPLE);
  // A page of another site, served by a server of the test's own on loopback, without our CSP:
  // as localhost it is another site to the browser than 127.0.0.1, and being on loopback, the
  // browser's private-network rules do not step in before the API has to.
  const elsewhere = http.createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>elsewhere</title><p>hello</p>");
  });
  await new Promise((ready) => elsewhere.listen(0, "127.0.0.1", ready));
  await page.goto(`http://localhost:${elsewhere.address().port}/`);
  const answered = page.waitForResponse((r) => r.url() === `${EXAMPLE}/api/visits` && r.request().method() === "POST");
  const outcomes = await page.evaluate(async (api) => {
    const tries = [
      // A "simple" request needs no preflight: the server itself must refuse it.
      () => fetch(api, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: '{"path":"/"}' }),
      // A JSON request needs a CORS preflight, which the API does not grant.
      () => fetch(api, { method: "POST", headers: { "content-type": "application/json" }, body: '{"path":"/"}' }),
    ];
    const out = [];
    for (const attempt of tries) {
      try {
        const res = await attempt();
        out.push(res.type);
      } catch (e) {
        out.push("blocked");
      }
    }
    return out;
  }, `${EXAMPLE}/api/visits`);
  expect(outcomes).toEqual(["opaque", "blocked"]);
  const refused = await answered;
  // 403 is the API's cross_site answer (the body of an opaque answer is the browser's secret).
  expect(refused.status()).toBe(403);
  expect(await apiTotals(request, EXAMPLE)).toEqual(before);
  elsewhere.close();
});

test("on paper no entry is split, and the page offers the resume as plain text", async ({ page, request }) => {
  await page.goto(EXAMPLE + "/");
  const link = page.locator('a[href="/resume.txt"]');
  await expect(link).toBeVisible();
  await page.emulateMedia({ media: "print" });
  // Every entry (a job, a school, a reference, a list item, a skill's keywords) stays on one
  // page; no heading or skill name is left alone at the foot of a page.
  const breaks = await page.$$eval("main article, main figure, main li, main dd", (els) =>
    els.map((e) => getComputedStyle(e).breakInside),
  );
  expect(breaks.length).toBeGreaterThanOrEqual(20);
  expect(new Set(breaks)).toEqual(new Set(["avoid"]));
  const headings = await page.$$eval("main h2, main h3, main dt", (els) => els.map((e) => getComputedStyle(e).breakAfter));
  expect(headings.length).toBeGreaterThanOrEqual(15);
  expect(new Set(headings)).toEqual(new Set(["avoid"]));
  await expect(link).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  const text = await request.get(EXAMPLE + "/resume.txt");
  expect(text.status()).toBe(200);
  expect(text.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(text.headers()["cache-control"]).toBe("no-cache");
  const body = await text.text();
  for (const heading of ["EXPERIENCE", "EDUCATION", "SKILLS", "REFERENCES"]) expect(body).toContain(`\n${heading}\n`);
  expect(body.startsWith("Ada Quill\n")).toBe(true);
});
