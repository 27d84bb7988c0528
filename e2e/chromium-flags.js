// Debian's Chromium, headless and fully offline, with the flags `build --pdf` uses too (one
// list: crates/server/chromium-offline-flags.txt). --disable-background-networking and
// friends stop Chromium's own background requests; the dead proxy on 127.0.0.1:9 catches anything
// left; loopback URLs bypass it. The proxy is a raw flag because Playwright's `proxy` option would
// also send loopback traffic to it.
const fs = require("node:fs");
const path = require("node:path");

const args = fs
  .readFileSync(path.join(__dirname, "..", "crates", "server", "chromium-offline-flags.txt"), "utf8")
  .split("\n")
  .map((flag) => flag.trim())
  .filter(Boolean);

module.exports = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args,
  // For Lighthouse, which starts Chromium itself.
  lighthouseFlags: ["--headless", ...args].join(" "),
};
