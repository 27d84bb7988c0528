// Counts this page view and shows the totals. Same origin as the API; no cookies, no storage.
(() => {
  const el = document.getElementById("visits");
  if (!el) return;
  const body = JSON.stringify({ path: location.pathname });

  // Behind CloudFront, origin access control signs the request to the function URL and needs
  // the body's SHA-256 from the viewer.
  async function sha256Hex(text) {
    if (!window.crypto || !crypto.subtle) return null;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post() {
    const headers = { "content-type": "application/json" };
    const hash = await sha256Hex(body);
    if (hash) headers["x-amz-content-sha256"] = hash;
    const res = await fetch("/api/visits", { method: "POST", headers, body, credentials: "same-origin" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    return res.json();
  }

  const plural = (n, one, many) => n.toLocaleString() + " " + (n === 1 ? one : many);
  post()
    .catch(() => post())
    .then(
      (d) => { el.textContent = plural(d.views, "view", "views") + " · " + plural(d.visitors, "visitor", "visitors"); },
      () => { el.textContent = "—"; el.title = "The visit counter is unavailable right now"; },
    );
})();
