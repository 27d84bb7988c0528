// Counts this page view and shows "N views · M visitors". Same origin as the API; no cookies;
// localStorage only for the owner's own "do not count me" (?me). The space is reserved in CSS, so the text arriving shifts nothing.
(() => {
  const el = document.getElementById("visits");
  if (!el) return;
  // The page's path in the API's normal form: decoded, NFC, no empty or dot segments, a final
  // index.html taken for its folder, a folder's trailing slash kept (/de/), a file's dropped.
  const normal = (raw) => {
    let text = raw;
    try { text = decodeURIComponent(raw); } catch (_) { /* keep it as it is */ }
    const segments = [];
    for (const s of text.normalize("NFC").split("/")) {
      if (s === "" || s === ".") continue;
      if (s === "..") segments.pop(); else segments.push(s);
    }
    if (segments[segments.length - 1] === "index.html") segments.pop();
    const last = segments[segments.length - 1];
    return "/" + segments.join("/") + (last !== undefined && !last.includes(".") ? "/" : "");
  };
  const path = normal(location.pathname);

  // ?ref=NAME goes with the view, then out of the address bar (a forwarded copy is not counted
  // under it again). ?me: this browser counts nothing (localStorage only); ?me=off undoes it.
  const params = new URLSearchParams(location.search);
  const ME = "cloud-resume:not-counted";
  try {
    if (params.has("me")) {
      if (params.get("me") === "off") localStorage.removeItem(ME); else localStorage.setItem(ME, "1");
    }
  } catch (_) { /* no storage */ }
  let mine = false;
  try { mine = localStorage.getItem(ME) === "1"; } catch (_) { /* no storage */ }
  const link = params.get("ref");
  if (params.has("ref") || params.has("me")) {
    params.delete("ref");
    params.delete("me");
    const rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }
  // The referring page's host only; the server keeps its registrable domain.
  let referrer = "";
  try { referrer = document.referrer ? new URL(document.referrer).hostname : ""; } catch (_) { /* none */ }
  const fields = { path };
  if (link) fields.ref = link.slice(0, 64);
  if (referrer && referrer !== location.hostname) fields.referrer = referrer.slice(0, 253);
  const body = JSON.stringify(fields);

  // Behind CloudFront, origin access control signs the request to the Lambda function URL
  // and needs the SHA-256 of the body from the viewer.
  async function sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post() {
    if (mine) {
      const res = await fetch("/api/visits?path=" + encodeURIComponent(path), { credentials: "same-origin" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }
    const headers = { "content-type": "application/json" };
    if (window.crypto && crypto.subtle) headers["x-amz-content-sha256"] = await sha256Hex(body);
    const res = await fetch("/api/visits", { method: "POST", headers, body, credentials: "same-origin" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    return res.json();
  }

  // The page's language and its words for the counter (data-lang, data-words on the element).
  const lang = el.dataset.lang || "en";
  let words = { view: "view", views: "views", visitor: "visitor", visitors: "visitors",
    unavailable: "The visit counter is unavailable right now" };
  try { words = Object.assign(words, JSON.parse(el.dataset.words || "{}")); } catch (_) { /* keep English */ }
  const plural = new Intl.PluralRules(lang);
  const count = (n, one, many) => n.toLocaleString(lang) + " " + (plural.select(n) === "one" ? one : many);
  post()
    .catch(() => new Promise((r) => setTimeout(r, 800)).then(post))
    .then(
      (d) => { el.textContent = count(d.views, words.view, words.views) + " · " + count(d.visitors, words.visitor, words.visitors); },
      () => { el.textContent = "–"; el.title = words.unavailable; },
    );
})();
