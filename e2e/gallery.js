// The theme gallery: for each built-in theme, `cloud-resume serve --theme NAME` of a resume (the
// example by default) on loopback, and three screenshots of the first screen of its page in
// headless Chromium, offline: NAME.png (desktop, 1280 × 1000), NAME-mobile.png (320 × 720, at
// twice the pixels) and NAME-dark.png (desktop, dark). --full takes whole pages instead. Each
// server is stopped when its pictures are taken.
//
//   node e2e/gallery.js [--out docs/themes] [--resume FILE] [--page /stats.html] [--theme NAME]…
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("@playwright/test");
const flags = require("./chromium-flags");

const root = path.join(__dirname, "..");
const bin = process.env.CLOUD_RESUME_BIN || path.join(root, "target/debug/cloud-resume");

function options(argv) {
  const opts = { out: path.join(root, "docs/themes"), resume: path.join(root, "examples/resume.json"), page: "/", themes: [], full: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--full") {
      opts.full = true;
      i -= 1;
      continue;
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--out") opts.out = path.resolve(value);
    else if (flag === "--resume") opts.resume = path.resolve(value);
    else if (flag === "--page") opts.page = value;
    else if (flag === "--theme") opts.themes.push(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (opts.themes.length === 0) {
    // `cloud-resume themes` prints one theme a line, its name first, then a blank line.
    const listed = execFileSync(bin, ["themes"], { encoding: "utf8" }).split("\n\n")[0];
    opts.themes = listed.split("\n").map((line) => line.split(/\s+/)[0]).filter(Boolean);
  }
  return opts;
}

/** `cloud-resume serve` of `resume` with `theme` on a free loopback port; resolves to its URL
 * once it answers, and to a function that stops it. */
async function serve(resume, theme) {
  const port = 18600 + Math.floor(Math.random() * 300);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "gallery-"));
  const child = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`, "--data-dir", data, "--resume", resume, "--theme", theme], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  const stop = () => {
    child.kill("SIGTERM");
    fs.rmSync(data, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`serve --theme ${theme} stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`serve --theme ${theme} did not answer on ${url}`);
}

async function main() {
  const opts = options(process.argv.slice(2));
  fs.mkdirSync(opts.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: flags.executablePath, args: flags.args });
  try {
    for (const theme of opts.themes) {
      const server = await serve(opts.resume, theme);
      try {
        const shots = [
          ["", { viewport: { width: 1280, height: 1000 }, colorScheme: "light" }],
          ["-mobile", { viewport: { width: 320, height: 720 }, colorScheme: "light", deviceScaleFactor: 2 }],
          ["-dark", { viewport: { width: 1280, height: 1000 }, colorScheme: "dark" }],
        ];
        for (const [suffix, context] of shots) {
          const ctx = await browser.newContext(context);
          const page = await ctx.newPage();
          await page.goto(server.url + opts.page);
          await page.waitForFunction(() => !document.querySelector("#visits, #totals") || /\d|–/.test(document.querySelector("#visits, #totals").textContent));
          const file = path.join(opts.out, `${theme}${suffix}.png`);
          await page.screenshot({ path: file, fullPage: opts.full });
          console.log(`wrote ${path.relative(process.cwd(), file)}`);
          await ctx.close();
        }
      } finally {
        server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`gallery: ${err.message}`);
  process.exit(1);
});
