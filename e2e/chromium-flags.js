// Debian's Chromium, headless and fully offline (the project's own copy of these flags).
// --disable-background-networking and friends stop Chromium's own background requests; the
// dead proxy on 127.0.0.1:9 catches anything left; loopback URLs bypass it. The proxy is a raw
// flag because Playwright's `proxy` option would also send loopback traffic to it.
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--proxy-server=http://127.0.0.1:9",
];

module.exports = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args,
  // For Lighthouse, which starts Chromium itself.
  lighthouseFlags: ["--headless", ...args].join(" "),
};
