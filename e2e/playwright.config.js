// Starts three `cloud-resume serve` instances on loopback (the example resume, a resume full of
// hostile strings, and the JSON Resume project's own sample), each with a fresh data folder,
// and stops them when the run ends.
const path = require("node:path");
const { defineConfig } = require("@playwright/test");
const chromium = require("./chromium-flags");

const bin = process.env.CLOUD_RESUME_BIN || path.join(__dirname, "../target/debug/cloud-resume");
const base = Number(process.env.E2E_PORT_BASE || 18470);

const servers = {
  example: { port: base, resume: path.join(__dirname, "../examples/resume.json") },
  hostile: { port: base + 1, resume: path.join(__dirname, "../crates/site/tests/fixtures/xss.resume.json") },
  sample: { port: base + 2, resume: require.resolve("@jsonresume/schema/sample.resume.json") },
};

function serve({ port, resume }, name) {
  const data = path.join(__dirname, ".data", name);
  return {
    command: `rm -rf '${data}' && RUST_LOG=warn exec '${bin}' serve --addr 127.0.0.1:${port} --data-dir '${data}' --resume '${resume}'`,
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
module.exports.bin = bin;
module.exports.base = base;
