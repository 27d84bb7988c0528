// Draws the last 30 days of /api/visits/daily as an SVG chart (views as bars, visitors as a
// line with dots, so it reads without colour) and fills the table for screen readers.
(() => {
  const svg = document.getElementById("chart");
  const tbody = document.querySelector("#daily tbody");
  const totals = document.getElementById("totals");
  if (!svg || !tbody || !totals) return;
  // The page's language and its words (data-lang, data-words on #totals); English without them.
  const lang = totals.dataset.lang || "en";
  let words = { view: "view", views: "views", visitor: "visitor", visitors: "visitors", last30: "last 30 days",
    dateAxis: "Date (UTC, month-day)", statsUnavailable: "The statistics are unavailable right now." };
  try { words = Object.assign(words, JSON.parse(totals.dataset.words || "{}")); } catch (_) { /* keep English */ }
  const plural = new Intl.PluralRules(lang);
  const count = (n, one, many) => n.toLocaleString(lang) + " " + (plural.select(n) === "one" ? one : many);
  const NS = "http://www.w3.org/2000/svg";
  // Drawn in units of the width it is shown at (640 at most), in the page's own aspect, so that its
  // 12-unit labels read at about 12 px on a phone too, and nothing moves when it is drawn.
  const W = Math.round(Math.min(640, Math.max(280, svg.getBoundingClientRect().width || 640)));
  const H = Math.round((W * 300) / 640), left = 44, right = 12, top = 16, bottom = 40;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.appendChild(node);
    return node;
  }

  function niceMax(n) {
    if (n <= 4) return 4;
    const step = Math.pow(10, Math.floor(Math.log10(n)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= n) return m * step;
    return 10 * step;
  }

  function draw(days) {
    const max = niceMax(Math.max(...days.map((d) => Math.max(d.views, d.visitors)), 0));
    const plotW = W - left - right, plotH = H - top - bottom;
    const slot = plotW / days.length;
    const y = (v) => top + plotH - (v / max) * plotH;
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      el("line", { class: "axis", x1: left, x2: W - right, y1: y(v), y2: y(v) });
      el("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, String(Math.round(v)));
    }
    days.forEach((d, i) => {
      const h = (d.views / max) * plotH;
      const bar = el("rect", { class: "bar", x: left + i * slot + slot * 0.15, y: top + plotH - h, width: slot * 0.7, height: h });
      bar.appendChild(document.createElementNS(NS, "title")).textContent = d.date + ": " + count(d.views, words.view, words.views) + ", " + count(d.visitors, words.visitor, words.visitors);
      if (i % 7 === days.length % 7 || i === days.length - 1) {
        el("text", { x: left + (i + 0.5) * slot, y: H - bottom + 16, "text-anchor": "middle" }, d.date.slice(5));
      }
    });
    const points = days.map((d, i) => [left + (i + 0.5) * slot, y(d.visitors)]);
    el("path", { class: "line", d: points.map(([px, py], i) => (i ? "L" : "M") + px.toFixed(1) + " " + py.toFixed(1)).join("") });
    points.forEach(([px, py]) => el("circle", { class: "dot", cx: px.toFixed(1), cy: py.toFixed(1), r: 3 }));
    el("text", { x: left, y: H - 6 }, words.dateAxis);
  }

  function fill(days) {
    for (const d of days) {
      const row = tbody.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = d.date;
      row.appendChild(th);
      row.insertCell().textContent = String(d.views);
      row.insertCell().textContent = String(d.visitors);
    }
  }

  // The views of every language of the resume (data-pages: each page's href and language name),
  // summed day by day for the chart, and each language's own total beside it.
  let pages = [{ href: "/" }];
  try { pages = JSON.parse(totals.dataset.pages || "null") || pages; } catch (_) { /* the root alone */ }
  const daily = (path) => fetch("/api/visits/daily?path=" + encodeURIComponent(path) + "&days=30", { credentials: "same-origin" })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error("HTTP " + res.status))));
  Promise.all(pages.map((p) => daily(p.href)))
    .then((all) => {
      const days = all[0].days.map((d, i) => ({
        date: d.date,
        views: all.reduce((s, a) => s + ((a.days[i] || {}).views || 0), 0),
        visitors: all.reduce((s, a) => s + ((a.days[i] || {}).visitors || 0), 0),
      }));
      const views = days.reduce((s, d) => s + d.views, 0);
      const visitors = days.reduce((s, d) => s + d.visitors, 0);
      const summary = count(views, words.view, words.views) + " · " + count(visitors, words.visitor, words.visitors) + " (" + words.last30 + ")";
      svg.querySelector("desc").textContent = summary;
      totals.textContent = summary;
      const byLanguage = document.getElementById("by-language");
      if (byLanguage && pages.length > 1) {
        byLanguage.textContent = pages.map((p, i) => {
          const n = all[i].days.reduce((s, d) => s + d.views, 0);
          return p.name + ": " + count(n, words.view, words.views);
        }).join(" · ");
      }
      draw(days);
      fill(days);
      svg.setAttribute("data-drawn", String(days.length));
    })
    .catch(() => {
      svg.querySelector("desc").textContent = words.statsUnavailable;
      totals.textContent = words.statsUnavailable;
    });
})();
