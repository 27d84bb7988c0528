// Starts `cloud-resume serve` instances on loopback (the example resume, a resume full of hostile
// strings, the JSON Resume project's own sample, a resume in two languages, and the example in
// each theme but the default),
// each with a fresh data folder, and stops them when the run ends.
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { defineConfig } = require("@playwright/test");
const chromium = require("./chromium-flags");

const bin = process.env.CLOUD_RESUME_BIN || path.join(__dirname, "../target/debug/cloud-resume");
const base = Number(process.env.E2E_PORT_BASE || 18470);

// The built-in themes, as `cloud-resume themes` lists them (one a line, its name first); the
// default one is the `example` server, each other one gets a server of the example of its own.
const themes = execFileSync(bin, ["themes"], { encoding: "utf8" })
  .split("\n\n")[0]
  .split("\n")
  .map((line) => line.split(/\s+/)[0])
  .filter(Boolean);
themes.server = (theme) => (theme === themes[0] ? "example" : `example-${theme}`);

const example = path.join(__dirname, "../examples/resume.json");
const servers = {
  example: { port: base, resume: example },
  hostile: { port: base + 1, resume: path.join(__dirname, "../crates/resume/tests/fixtures/xss.resume.json") },
  sample: { port: base + 2, resume: require.resolve("@jsonresume/schema/sample.resume.json") },
  // One resume in German (at /) and English (at /en/), written as language maps.
  languages: { port: base + 9, resume: path.join(__dirname, "../crates/resume/tests/fixtures/languages/map/resume.json") },
  ...Object.fromEntries(themes.slice(1).map((theme, i) => [themes.server(theme), { port: base + 3 + i, resume: example, theme }])),
};

function serve({ port, resume, theme }, name) {
  const data = path.join(__dirname, ".data", name);
  const chosen = theme ? ` --theme ${theme}` : "";
  return {
    command: `rm -rf '${data}' && RUST_LOG=warn exec '${bin}' serve --addr 127.0.0.1:${port} --data-dir '${data}' --resume '${resume}'${chosen}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "ignore",
    stderr: "pipe",
  };
}

module.exports = defineConfig({
  testDir: "tests",
  timeout: 60_000,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  use: {
    launchOptions: { executablePath: chromium.executablePath, args: chromium.args },
    // A visitor's browser: HeadlessChrome's own User-Agent is (rightly) treated as a bot.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  },
  webServer: Object.entries(servers).map(([name, s]) => serve(s, name)),
  metadata: { servers },
});

module.exports.servers = servers;
module.exports.themes = themes;
module.exports.bin = bin;
module.exports.base = base;
