// The author's loop in a real browser: `serve --watch` on a copy of the example resume. An edit
// shows on the open page by itself, with no reload by hand; a resume that does not read shows
// its problems in place of the page; fixed, the page comes back. The time an edit takes to show
// is printed, not held: on a loaded two-core machine it moves (the bound below only says that
// the page followed the edit by itself, long before anyone would reload by hand).
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test, expect } = require("@playwright/test");
const { bin, base } = require("../playwright.config");

const PORT = base + 10;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const example = fs.readFileSync(path.join(__dirname, "../../examples/resume.json"), "utf8");

let dir;
let server;

/** Saves the resume as editors do: a new file renamed over the old one. */
function save(text) {
  const tmp = path.join(dir, "resume.json.tmp");
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, path.join(dir, "resume.json"));
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloud-resume-watch-"));
  save(example);
  server = spawn(bin, ["serve", "--watch", "--addr", `127.0.0.1:${PORT}`, "--resume", path.join(dir, "resume.json"), "--data-dir", path.join(dir, "data")], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  server.stderr.on("data", () => {});
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("serve --watch did not start");
});

test.afterAll(async () => {
  if (server) server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

test("an edit shows by itself, a broken resume shows its problems, a fix brings the page back", async ({ page }) => {
  const loads = [];
  page.on("load", () => loads.push(Date.now()));
  await page.goto(ORIGIN + "/");
  await expect(page.locator("h1")).toHaveText("Ada Quill");
  // The page listens before we edit (the stream names the rendering it came from).
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/_cloud-resume/live")));

  const edited = Date.now();
  save(example.replace("Ada Quill", "Ada Byron Quill"));
  await expect(page.locator("h1")).toHaveText("Ada Byron Quill", { timeout: 10_000 });
  console.log(`serve --watch: the edit showed on the open page after ${Date.now() - edited} ms`);
  expect(loads.length).toBe(2); // the first load, and the one the page did itself

  // Only a file that does not parse is refused: its problem, at its place, in place of the page.
  save(example.replace('"name": "Ada Quill"', '"name": Ada Quill'));
  await expect(page.locator("h1")).toContainText("does not read", { timeout: 10_000 });
  const problems = page.locator(".problems li");
  await expect(problems).toHaveCount(1);
  await expect(problems.nth(0)).toContainText("resume.json:4:13: this is not valid JSON");
  await page.screenshot({ path: test.info().outputPath("error-page.png") });

  save(example);
  await expect(page.locator("h1")).toHaveText("Ada Quill", { timeout: 10_000 });
  await expect(page.locator(".cloud-resume-warnings")).toHaveCount(0);
});
