/* fairmeta dashboard: the data of one check report or one monitoring history, inlined in this file
   (gzip, base64) and drawn here: no request to any network, no library. Every view is recomputed
   from the filters; tables are sortable, searchable and paged; a row opens its detail. */
"use strict";
(function () {
  const PAGE = 100;
  const SEV = ["error", "warning", "info"];
  let D = null;            // the data
  let S = null;            // its string table
  const state = { sort: {}, page: {}, search: {} };

  const $ = (id) => document.getElementById(id);
  const esc = (v) => String(v == null ? "" : v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const str = (i) => (i == null || i < 0 ? "" : S[i]);
  const pct = (v) => (v == null || isNaN(v) ? "–" : (Math.round(v * 10) / 10).toFixed(1) + " %");
  const share = (n, d) => (d ? (100 * n) / d : null);
  const mean = (xs) => { const v = xs.filter((x) => x != null); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null; };
  const meter = (v) => v == null ? '<span class="muted">n/a</span>' : `<span class="meter" aria-hidden="true"><span style="width:${Math.max(0, Math.min(100, v)).toFixed(0)}%"></span></span>${pct(v)}`;
  const yesno = (b) => `<span class="${b ? "yes" : "no"}">${b ? "yes" : "no"}</span>`;
  const card = (k, v) => `<div class="card"><span class="v">${esc(v)}</span><span class="k">${esc(k)}</span></div>`;

  async function decode() {
    const raw = $("fm-data").textContent.trim();
    const bin = atob(raw);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  /* ---------- charts (SVG, every mark labelled with its value) ---------- */
  const HATCH = '<defs><pattern id="fm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#8fb3d9"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0b5cad" stroke-width="2"/></pattern></defs>';

  function hbars(items, max) {  // [label, value(0..max), text]
    const rowH = 20, left = 92, width = 236, right = 62;
    const h = items.length * rowH + 8;
    let out = `<svg viewBox="0 0 ${left + width + right} ${h}" role="img" aria-label="${esc(items.map((i) => i[0] + " " + i[2]).join(", "))}">${HATCH}`;
    items.forEach(([label, v, text, alt], i) => {
      const y = i * rowH + 4, w = v == null ? 0 : (width * v) / (max || 1);
      out += `<text x="${left - 6}" y="${y + 14}" text-anchor="end">${esc(label)}</text>`;
      out += `<rect class="bar${alt ? " alt" : ""}" x="${left}" y="${y + 3}" width="${Math.max(0, w).toFixed(1)}" height="${rowH - 8}"><title>${esc(label)}: ${esc(text)}</title></rect>`;
      out += `<text x="${left + Math.max(0, w) + 5}" y="${y + 14}">${esc(text)}</text>`;
    });
    return out + "</svg>";
  }

  function histogram(values) {  // scores 0..100 in ten bins
    const bins = new Array(10).fill(0);
    let none = 0;
    for (const v of values) { if (v == null) none++; else bins[Math.min(9, Math.floor(v / 10))]++; }
    const max = Math.max(1, ...bins), W = 370, H = 170, base = 140, bw = 31;
    let out = `<svg viewBox="0 0 ${W} ${H + 10}" role="img" aria-label="score distribution: ${bins.map((n, i) => `${i * 10}-${i * 10 + 10}: ${n}`).join(", ")}">`;
    out += `<line class="axis" x1="10" y1="${base}" x2="${W - 10}" y2="${base}"/>`;
    bins.forEach((n, i) => {
      const h = (110 * n) / max, x = 12 + i * (bw + 4);
      out += `<rect class="bar" x="${x}" y="${(base - h).toFixed(1)}" width="${bw}" height="${h.toFixed(1)}"><title>${i * 10}–${i * 10 + 10} %: ${n}</title></rect>`;
      out += `<text x="${x + bw / 2}" y="${(base - h - 4).toFixed(1)}" text-anchor="middle">${n}</text>`;
      out += `<text x="${x + bw / 2}" y="${base + 14}" text-anchor="middle">${i * 10}</text>`;
    });
    out += `<text x="10" y="${H + 6}" class="muted">score (%, bins of 10)${none ? `; not assessable: ${none}` : ""}</text>`;
    return out + "</svg>";
  }

  const DASH = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
  const COLOURS = ["#0b5cad", "#b00020", "#2e7d32", "#8a5300", "#6a1b9a", "#00695c"];
  function lines(labels, series) {  // series: [name, [values 0..100 | null]]
    const W = 400, H = 190, L = 34, R = 16, T = 12, B = 150;
    const x = (i) => (labels.length < 2 ? (L + W - R) / 2 : L + (i * (W - L - R)) / (labels.length - 1));
    const y = (v) => B - ((B - T) * v) / 100;
    let out = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(series.map(([n, vs]) => n + ": " + vs.map((v) => pct(v)).join(" → ")).join("; "))}">`;
    [0, 50, 100].forEach((v) => { out += `<line class="axis" x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" stroke-dasharray="${v ? "2 3" : ""}"/><text x="${L - 5}" y="${y(v) + 4}" text-anchor="end">${v}</text>`; });
    labels.forEach((l, i) => { out += `<text x="${x(i)}" y="${B + 16}" text-anchor="middle">${esc(l)}</text>`; });
    series.forEach(([name, vs], s) => {
      const pts = vs.map((v, i) => (v == null ? null : [x(i), y(v)])).filter(Boolean);
      if (pts.length > 1) out += `<polyline class="line" stroke="${COLOURS[s % 6]}" stroke-dasharray="${DASH[s % 6]}" points="${pts.map((p) => p.join(",")).join(" ")}"/>`;
      vs.forEach((v, i) => { if (v != null) out += `<circle class="point" cx="${x(i)}" cy="${y(v)}" r="3.5" fill="${COLOURS[s % 6]}"><title>${esc(name)}, ${esc(labels[i])}: ${pct(v)}</title></circle>`; });
    });
    out += "</svg><div class=\"legend\">";
    series.forEach(([name, vs], s) => { out += `<span><svg width="28" height="10" style="display:inline;width:28px"><line x1="0" y1="5" x2="28" y2="5" stroke="${COLOURS[s % 6]}" stroke-width="2" stroke-dasharray="${DASH[s % 6]}"/></svg> ${esc(name)} (${pct(vs[vs.length - 1])})</span>`; });
    return out + "</div>";
  }

  /* ---------- tables: sortable, searchable, paged; rows open a detail ---------- */
  function table(key, cols, rows, onPick, defaultSort) {
    // cols: [title, (row) => sort value, (row) => html, numeric]
    const q = (state.search[key] || "").toLowerCase();
    let shown = rows;
    if (q) shown = rows.filter((r) => cols.some((c) => String(c[1](r) ?? "").toLowerCase().includes(q)));
    const sort = state.sort[key] || defaultSort;
    const [ci, dir] = sort;
    const val = cols[ci][1];
    shown = shown.slice().sort((a, b) => {
      const va = val(a), vb = val(b);
      if (va == null && vb == null) return 0;
      if (va == null) return 1;
      if (vb == null) return -1;
      return (va < vb ? -1 : va > vb ? 1 : 0) * dir;
    });
    const limit = state.page[key] || PAGE;
    let html = `<div class="pager"><label>Search <input type="search" data-search="${key}" value="${esc(state.search[key] || "")}" aria-label="search ${key}"></label>`;
    html += `<span aria-live="polite" data-count="${key}">${shown.length} of ${rows.length}</span></div>`;
    html += `<div class="scroll"><table data-table="${key}"><thead><tr>`;
    cols.forEach((c, i) => {
      const s = i === ci ? (dir > 0 ? "ascending" : "descending") : "none";
      html += `<th class="${c[3] ? "num" : ""}" aria-sort="${s}"><button type="button" data-sort="${key}:${i}">${esc(c[0])}</button></th>`;
    });
    html += "</tr></thead><tbody>";
    for (const r of shown.slice(0, limit)) {
      html += `<tr class="pick" tabindex="0" data-pick="${key}:${r}">` + cols.map((c) => `<td class="${c[3] ? "num" : ""}">${c[2](r)}</td>`).join("") + "</tr>";
    }
    html += "</tbody></table></div>";
    if (shown.length > limit) html += `<div class="pager"><button type="button" class="more" data-more="${key}">Show ${Math.min(PAGE, shown.length - limit)} more</button></div>`;
    pickers[key] = onPick;
    return html;
  }
  const pickers = {};

  function wire(root, rerender) {
    root.querySelectorAll("[data-sort]").forEach((b) => b.addEventListener("click", () => {
      const [key, i] = b.dataset.sort.split(":");
      const cur = state.sort[key];
      state.sort[key] = [Number(i), cur && cur[0] === Number(i) ? -cur[1] : 1];
      rerender(key);
    }));
    root.querySelectorAll("[data-more]").forEach((b) => b.addEventListener("click", () => {
      state.page[b.dataset.more] = (state.page[b.dataset.more] || PAGE) + PAGE; rerender(b.dataset.more);
    }));
    root.querySelectorAll("[data-search]").forEach((inp) => inp.addEventListener("input", () => {
      state.search[inp.dataset.search] = inp.value; state.page[inp.dataset.search] = PAGE;
      const pos = inp.selectionStart; rerender(inp.dataset.search);
      const again = document.querySelector(`[data-search="${inp.dataset.search}"]`); again.focus(); again.setSelectionRange(pos, pos);
    }));
    root.querySelectorAll("[data-pick]").forEach((tr) => {
      const go = () => { const [key, r] = tr.dataset.pick.split(":"); pickers[key](Number(r)); };
      tr.addEventListener("click", go);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); } });
    });
  }

  function showDetail(html) {
    const d = $("detail");
    d.innerHTML = `<button type="button" id="detail-close" style="float:right">Close</button>` + html;
    d.hidden = false;
    $("detail-close").addEventListener("click", () => { d.hidden = true; });
    wire(d, () => {});
    d.focus();
    d.scrollIntoView({ block: "nearest" });
  }

  function select(id, label, options, value) {  // options: [value, text]
    return `<label for="${id}">${esc(label)}<select id="${id}" data-filter="${id}">` +
      options.map(([v, t]) => `<option value="${esc(v)}"${String(v) === String(value) ? " selected" : ""}>${esc(t)}</option>`).join("") + "</select></label>";
  }

  function ruleLink(code) {
    const r = D.rules[code];
    return r && r[2] ? `<a class="code" href="${esc(r[2])}">${esc(code)}</a>` : `<code>${esc(code)}</code>`;
  }

  function findingsTable(rows, F) {
    if (!rows.length) return "<p>No findings.</p>";
    let h = '<div class="scroll"><table><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Where</th><th>Fix</th></tr></thead><tbody>';
    for (const i of rows) {
      h += `<tr><td><span class="sev ${SEV[F.sev[i]]}">${SEV[F.sev[i]]}</span></td><td>${ruleLink(str(F.code[i]))}</td><td class="wrap">${esc(str(F.msg[i]))}</td><td class="wrap"><code style="white-space:normal">${esc(str(F.where[i]))}</code></td><td class="wrap">${esc(str(F.fix[i]))}</td></tr>`;
    }
    return h + "</tbody></table></div>";
  }

  function topFindings(counts) {  // counts: Map code -> n
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
    if (!top.length) return "<p>No findings.</p>";
    let h = '<div class="scroll"><table data-table="top"><thead><tr><th class="num">Count</th><th>Rule</th><th>What</th><th>Fix</th></tr></thead><tbody>';
    for (const [code, n] of top) {
      const r = D.rules[code] || ["", ""];
      h += `<tr><td class="num">${n}</td><td>${ruleLink(code)}</td><td class="wrap">${esc(r[0])}</td><td class="wrap">${esc(r[1])}</td></tr>`;
    }
    return h + "</tbody></table></div>";
  }

  function harvestEvidence(index) {  // a harvested DOI or URL: every request, signpost and channel
    if (index == null || index < 0) return "";
    const h = JSON.parse(str(index));
    const reqs = (h.requests || []).map((q) => `<tr><td>${esc(q.channel)}</td><td class="num">${esc(q.status)}</td><td>${esc(q.media_type)}</td><td class="wrap"><code style="white-space:normal">${esc(q.url)}</code></td><td>${q.contributed ? "yes" : "no"}</td></tr>`).join("");
    const signs = (h.signposts || []).map((p) => `${esc(p.rel)} → <code style="white-space:normal">${esc(p.href || p.target || "")}</code>`).join("<br>");
    return `<h3>Harvest evidence</h3><p class="wrap">${esc(h.kind)} ${esc(h.target)}: landing page ${esc(h.landing_url || "none")} (status ${esc(h.landing_status)}); metadata from ${esc((h.channels || []).join(", ") || "no channel")}</p>` +
      (signs ? `<p class="wrap">Signposting: ${signs}</p>` : "") +
      (reqs ? `<div class="scroll"><table><thead><tr><th>Channel</th><th class="num">Status</th><th>Media type</th><th>URL</th><th>Gave metadata</th></tr></thead><tbody>${reqs}</tbody></table></div>` : "");
  }

  function principleRows(pvals) {  // [[name, value]]
    return hbars(pvals.map(([n, v]) => [n, v, pct(v)]), 100);
  }

  /* ---------- check reports ---------- */
  function checkApp() {
    const R = D.records, F = D.findings, P = D.principles;
    const nrec = R.id.length, nf = F.code.length;
    const profiles = [...new Set(R.profiles.map(str).flatMap((p) => p ? p.split(", ") : []))].sort();
    const codes = [...new Set(F.code)].map(str).sort();
    const f = { profile: "", severity: "", rule: "" };
    // each record's findings: F is sorted by record
    const start = new Int32Array(nrec + 1).fill(-1);
    for (let i = nf - 1; i >= 0; i--) if (F.rec[i] >= 0) start[F.rec[i]] = i;

    function compute() {
      const sevWant = f.severity === "" ? -1 : SEV.indexOf(f.severity);
      const ruleWant = f.rule === "" ? -1 : S.indexOf(f.rule);
      const recOk = new Uint8Array(nrec);
      for (let r = 0; r < nrec; r++) recOk[r] = !f.profile || str(R.profiles[r]).split(", ").includes(f.profile) ? 1 : 0;
      const hit = new Uint32Array(nrec), sevCount = [0, 0, 0], counts = new Map();
      for (let i = 0; i < nf; i++) {
        const r = F.rec[i];
        if (!recOk[r]) continue;
        if (sevWant >= 0 && F.sev[i] !== sevWant) continue;
        if (ruleWant >= 0 && F.code[i] !== ruleWant) continue;
        hit[r]++; sevCount[F.sev[i]]++;
        const c = str(F.code[i]); counts.set(c, (counts.get(c) || 0) + 1);
      }
      const narrowed = sevWant >= 0 || ruleWant >= 0;
      const shown = [];
      for (let r = 0; r < nrec; r++) if (recOk[r] && (!narrowed || hit[r])) shown.push(r);
      return { shown, sevCount, counts, hit };
    }

    function render(only) {
      const v = compute();
      const scores = v.shown.map((r) => R.score[r]);
      const sources = new Set(v.shown.map((r) => R.source[r])).size;
      if (!only) {
        $("cards").innerHTML = card("records", v.shown.length) + card("sources", sources) + card("errors", v.sevCount[0]) +
          card("warnings", v.sevCount[1]) + card("info", v.sevCount[2]) + card("mean FAIR score", pct(mean(scores)));
        $("charts").innerHTML =
          `<figure id="chart-dist"><figcaption>Score distribution (records)</figcaption>${histogram(scores)}</figure>` +
          `<figure id="chart-principles"><figcaption>Mean score per FAIR principle</figcaption>${principleRows(P.map((p, j) => [p, mean(v.shown.map((r) => R.p[r][j]))]))}</figure>` +
          `<figure id="chart-severity"><figcaption>Findings by severity</figcaption>${hbars(SEV.map((s, i) => [s, v.sevCount[i], String(v.sevCount[i]), i === 1]), Math.max(1, ...v.sevCount))}</figure>`;
        $("top").innerHTML = topFindings(v.counts);
      }
      const cols = [
        ["Source", (r) => str(R.source[r]), (r) => `<span class="wrap">${esc(str(R.source[r]))}</span>`],
        ["Record", (r) => str(R.id[r]), (r) => `<span class="wrap">${esc(str(R.id[r]))}</span>`],
        ["Profiles", (r) => str(R.profiles[r]), (r) => esc(str(R.profiles[r]) || "none")],
        ["Score", (r) => R.score[r], (r) => meter(R.score[r]), true],
        ["Errors", (r) => R.n[r][0], (r) => String(R.n[r][0]), true],
        ["Warnings", (r) => R.n[r][1], (r) => String(R.n[r][1]), true],
      ];
      $("records").innerHTML = table("records", cols, v.shown, pick, [3, 1]);
      wire($("records"), () => render("records"));
      $("status").textContent = `${v.shown.length} record(s) shown, ${v.sevCount[0]} error(s), ${v.sevCount[1]} warning(s)`;
    }

    function pick(r) {
      const mine = [];
      if (start[r] >= 0) for (let i = start[r]; i < nf && F.rec[i] === r; i++) mine.push(i);
      const pv = P.map((p, j) => [p, R.p[r][j]]).filter((x) => x[1] != null);
      showDetail(`<h2>${esc(str(R.id[r]))}</h2><p class="muted wrap">${esc(str(R.source[r]))} · profiles: ${esc(str(R.profiles[r]) || "none")} · FAIR score ${pct(R.score[r])}</p>` +
        (pv.length ? `<h3>Score per principle</h3>${principleRows(pv)}` : "") +
        harvestEvidence(R.harvest[r]) + `<h3>Findings (${mine.length})</h3>${findingsTable(mine, F)}`);
    }

    $("filters").innerHTML =
      select("f-profile", "Profile", [["", "all profiles"], ...profiles.map((p) => [p, p])], "") +
      select("f-severity", "Severity", [["", "all severities"], ...SEV.map((s) => [s, s])], "") +
      select("f-rule", "Rule", [["", "all rules"], ...codes.map((c) => [c, c])], "");
    for (const [id, k] of [["f-profile", "profile"], ["f-severity", "severity"], ["f-rule", "rule"]]) {
      $(id).addEventListener("change", (e) => { f[k] = e.target.value; state.page.records = PAGE; render(); });
    }
    $("sections").innerHTML = '<h2>Most frequent findings</h2><div id="top"></div><h2>Records, worst first</h2><div id="records"></div>';
    render();
  }

  /* ---------- monitoring history ---------- */
  function monitorApp() {
    const Pb = D.publications, O = D.outputs, F = D.findings, P = D.principles, runs = D.runs;
    const np = Pb.key.length, no = O.id.length, nf = F.code.length;
    const latest = runs.length ? runs[runs.length - 1].id : 0;
    const f = { run: latest, year: "", label: "", journal: "", repository: "", kind: "", profile: "", severity: "", rule: "" };
    const uniq = (xs) => [...new Set(xs)].filter((x) => x !== "" && x != null).sort();
    const years = uniq(Pb.year.map((y) => y == null ? "" : String(y)));
    const labels = uniq(Pb.labels.flat().map(str));
    const journals = uniq(Pb.journal.map(str));
    const repos = uniq(O.repo.map(str));
    const kinds = uniq(O.kind.map(str));
    const oprofiles = uniq(O.profiles.flat().map(str));
    const codes = uniq([...new Set(F.code)].map(str));
    const fstart = new Int32Array(no).fill(-1);
    for (let i = nf - 1; i >= 0; i--) fstart[F.out[i]] = i;

    function pubMatch(i) {
      if (f.year && String(Pb.year[i]) !== f.year) return false;
      if (f.label && !Pb.labels[i].map(str).includes(f.label)) return false;
      if (f.journal && str(Pb.journal[i]) !== f.journal) return false;
      return true;
    }
    const findingMatch = (i) => (!f.severity || SEV[F.sev[i]] === f.severity) && (!f.rule || str(F.code[i]) === f.rule);
    function outMatch(o) {
      if (f.repository && str(O.repo[o]) !== f.repository) return false;
      if (f.kind && str(O.kind[o]) !== f.kind) return false;
      if (f.profile && !O.profiles[o].map(str).includes(f.profile)) return false;
      if (f.severity || f.rule) {  // an output with at least one finding of that severity / rule
        if (fstart[o] < 0) return false;
        for (let i = fstart[o]; i < nf && F.out[i] === o; i++) if (findingMatch(i)) return true;
        return false;
      }
      return true;
    }
    function compute(run) {
      const pubs = [], outs = new Set();
      const narrowOut = f.repository || f.kind || f.profile || f.severity || f.rule;
      for (let i = 0; i < np; i++) {
        if (Pb.run[i] !== run || !pubMatch(i)) continue;
        const mine = Pb.outs[i].filter(outMatch);
        if (narrowOut && !mine.length) continue;
        pubs.push(i); mine.forEach((o) => outs.add(o));
      }
      const ol = [...outs];
      return {
        pubs, outs: ol,
        statement: pubs.filter((i) => D.categories[Pb.cat[i]] !== "none").length,
        od: pubs.filter((i) => Pb.od[i]).length, oc: pubs.filter((i) => Pb.oc[i]).length,
        pid: ol.filter((o) => O.pid[o]).length, lic: ol.filter((o) => O.lic[o]).length,
      };
    }

    function render(only) {
      const v = compute(f.run);
      const scores = v.outs.map((o) => O.score[o]);
      if (!only) {
        $("cards").innerHTML = card("publications", v.pubs.length) + card("with a data statement", pct(share(v.statement, v.pubs.length))) +
          card("open data", pct(share(v.od, v.pubs.length))) + card("open code", pct(share(v.oc, v.pubs.length))) +
          card("shared outputs", v.outs.length) + card("outputs with a PID", pct(share(v.pid, v.outs.length))) +
          card("outputs with a licence", pct(share(v.lic, v.outs.length))) + card("mean FAIR score", pct(mean(scores)));
        const per = runs.map((r) => compute(r.id));
        const runLabels = runs.map((r) => "run " + r.id);
        const trend = lines(runLabels, [
          ["open data", per.map((x) => share(x.od, x.pubs.length))],
          ["open code", per.map((x) => share(x.oc, x.pubs.length))],
          ["data statement", per.map((x) => share(x.statement, x.pubs.length))],
          ["outputs with a PID", per.map((x) => share(x.pid, x.outs.length))],
          ["outputs with a licence", per.map((x) => share(x.lic, x.outs.length))],
        ]);
        const letters = P.filter((p) => p.length === 1);
        const trendP = lines(runLabels, letters.map((p) => [p, per.map((x) => mean(x.outs.map((o) => O.p[o][P.indexOf(p)])))]));
        const cats = D.categories.map((c, ci) => [c, v.pubs.filter((i) => Pb.cat[i] === ci).length]);
        $("charts").innerHTML =
          `<figure id="chart-trends"><figcaption>Indicators per run (% of publications / outputs)</figcaption>${trend}</figure>` +
          `<figure id="chart-trend-principles"><figcaption>Mean output score per letter, per run</figcaption>${trendP}</figure>` +
          `<figure id="chart-dist"><figcaption>Score distribution (outputs, run ${f.run})</figcaption>${histogram(scores)}</figure>` +
          `<figure id="chart-principles"><figcaption>Mean output score per FAIR principle (run ${f.run})</figcaption>${principleRows(P.map((p, j) => [p, mean(v.outs.map((o) => O.p[o][j]))]))}</figure>` +
          `<figure id="chart-statements"><figcaption>Strongest data statement (publications)</figcaption>${hbars(cats.map(([c, n], i) => [c, n, String(n), i % 2 === 1]), Math.max(1, ...cats.map((c) => c[1])))}</figure>`;
        const counts = new Map();
        const inView = new Uint8Array(no); v.outs.forEach((o) => { inView[o] = 1; });
        for (let i = 0; i < nf; i++) if (inView[F.out[i]] && findingMatch(i)) { const c = str(F.code[i]); counts.set(c, (counts.get(c) || 0) + 1); }
        $("top").innerHTML = topFindings(counts);
        const std = new Map();
        for (const o of v.outs) for (const p of O.profiles[o].map(str)) {
          const s = std.get(p) || [0, 0]; s[0]++; s[1] += O.errors[o] ? 0 : 1; std.set(p, s);
        }
        $("standards").innerHTML = std.size ? '<div class="scroll"><table><thead><tr><th>Profile / standard</th><th class="num">Outputs</th><th class="num">Conforming (no error)</th></tr></thead><tbody>' +
          [...std.entries()].sort().map(([p, [n, ok]]) => `<tr><td>${esc(p)}</td><td class="num">${n}</td><td class="num">${ok} (${pct(share(ok, n))})</td></tr>`).join("") + "</tbody></table></div>" : "<p>No assessed output used a profile.</p>";
      }
      if (!only || only === "pubs") {
        const pcols = [
          ["Publication", (i) => str(Pb.key[i]), (i) => `<span class="wrap">${esc(str(Pb.key[i]))}</span>`],
          ["Year", (i) => Pb.year[i], (i) => esc(Pb.year[i] ?? ""), true],
          ["Journal", (i) => str(Pb.journal[i]), (i) => `<span class="wrap">${esc(str(Pb.journal[i]))}</span>`],
          ["Labels", (i) => Pb.labels[i].map(str).join(" | "), (i) => `<span class="wrap">${esc(Pb.labels[i].map(str).join(" | "))}</span>`],
          ["Statement", (i) => D.categories[Pb.cat[i]], (i) => esc(D.categories[Pb.cat[i]])],
          ["Open data", (i) => Pb.od[i], (i) => yesno(Pb.od[i])],
          ["Open code", (i) => Pb.oc[i], (i) => yesno(Pb.oc[i])],
          ["Outputs", (i) => Pb.outs[i].length, (i) => String(Pb.outs[i].length), true],
          ["Mean score", (i) => mean(Pb.outs[i].map((o) => O.score[o])), (i) => meter(mean(Pb.outs[i].map((o) => O.score[o]))), true],
        ];
        $("pubs").innerHTML = table("pubs", pcols, v.pubs, pickPub, [5, 1]);
        wire($("pubs"), () => render("pubs"));
      }
      if (!only || only === "outs") {
        const ocols = [
          ["Output", (o) => str(O.id[o]), (o) => `<span class="wrap">${esc(str(O.id[o]))}</span>`],
          ["Kind", (o) => str(O.kind[o]), (o) => esc(str(O.kind[o]))],
          ["Repository", (o) => str(O.repo[o]), (o) => esc(str(O.repo[o]))],
          ["PID", (o) => O.pid[o], (o) => yesno(O.pid[o])],
          ["Licence", (o) => O.lic[o], (o) => yesno(O.lic[o])],
          ["Score", (o) => O.score[o], (o) => meter(O.score[o]), true],
        ];
        $("outs").innerHTML = table("outs", ocols, v.outs, pickOut, [5, 1]);
        wire($("outs"), () => render("outs"));
      }
      $("status").textContent = `run ${f.run}: ${v.pubs.length} publication(s), ${v.outs.length} output(s) shown`;
    }

    function pickPub(i) {
      const st = Pb.stmts[i].map(([t, c, l]) => `<tr><td>${esc(D.categories[c])}</td><td class="wrap">${esc(str(t))}</td><td class="wrap">${esc(str(l))}</td></tr>`).join("");
      const ln = Pb.links[i].map(([o, prov, ev]) => `<tr class="pick" tabindex="0" data-pick="outs:${o}"><td class="wrap"><code style="white-space:normal">${esc(str(O.id[o]))}</code></td><td>${esc(str(prov))}</td><td class="wrap">${esc(str(ev))}</td><td class="num">${meter(O.score[o])}</td></tr>`).join("");
      showDetail(`<h2 class="wrap">${esc(str(Pb.key[i]))}</h2><p class="muted wrap">${esc(str(Pb.title[i]))} · ${esc(Pb.year[i] ?? "")} · ${esc(str(Pb.journal[i]))}</p>` +
        `<p>Open data: ${yesno(Pb.od[i])} · open code: ${yesno(Pb.oc[i])} · strongest statement: ${esc(D.categories[Pb.cat[i]])}</p>` +
        `<h3>Statements</h3>${st ? `<div class="scroll"><table><thead><tr><th>Category</th><th>Sentence</th><th>Where</th></tr></thead><tbody>${st}</tbody></table></div>` : "<p>None found.</p>"}` +
        `<h3>Links to shared outputs</h3>${ln ? `<div class="scroll"><table><thead><tr><th>Output</th><th>Provenance</th><th>Evidence</th><th class="num">Score</th></tr></thead><tbody>${ln}</tbody></table></div>` : "<p>No output linked.</p>"}`);
    }
    function pickOut(o) {
      const mine = [];
      if (fstart[o] >= 0) for (let i = fstart[o]; i < nf && F.out[i] === o; i++) mine.push(i);
      const pv = P.map((p, j) => [p, O.p[o][j]]).filter((x) => x[1] != null);
      const h = O.harvest[o] ? JSON.parse(str(O.harvest[o])) : {};
      showDetail(`<h2 class="wrap">${esc(str(O.id[o]))}</h2><p class="muted">${esc(str(O.kind[o]))} · ${esc(str(O.repo[o]))} · FAIR score ${pct(O.score[o])}</p>` +
        `<h3>Harvest evidence</h3><p class="wrap">landing page status: ${esc(h.landing_status ?? "not harvested")} · metadata from: ${esc((h.channels || []).join(", ") || "none")} · types: ${esc((h.types || []).join(", ") || "none")} · profiles: ${esc((h.profiles || []).join(", ") || "none")}</p>` +
        (pv.length ? `<h3>Score per principle</h3>${principleRows(pv)}` : "") + `<h3>Findings (${mine.length})</h3>${findingsTable(mine, F)}`);
    }

    $("filters").innerHTML =
      select("f-run", "Run", runs.map((r) => [r.id, `run ${r.id} (${(r.started || "").slice(0, 10)})`]), latest) +
      select("f-year", "Year", [["", "all years"], ...years.map((y) => [y, y])], "") +
      select("f-label", "Label / unit", [["", "all labels"], ...labels.map((l) => [l, l])], "") +
      select("f-journal", "Journal", [["", "all journals"], ...journals.map((j) => [j, j])], "") +
      select("f-repository", "Repository", [["", "all repositories"], ...repos.map((r) => [r, r])], "") +
      select("f-kind", "Output type", [["", "all types"], ...kinds.map((k) => [k, k])], "") +
      select("f-profile", "Profile", [["", "all profiles"], ...oprofiles.map((p) => [p, p])], "") +
      select("f-severity", "Severity", [["", "all severities"], ...SEV.map((v) => [v, v])], "") +
      select("f-rule", "Rule", [["", "all rules"], ...codes.map((c) => [c, c])], "");
    for (const k of ["run", "year", "label", "journal", "repository", "kind", "profile", "severity", "rule"]) {
      $("f-" + k).addEventListener("change", (e) => { f[k] = k === "run" ? Number(e.target.value) : e.target.value; state.page.pubs = state.page.outs = PAGE; render(); });
    }
    $("sections").innerHTML = '<h2>Most frequent findings of the outputs</h2><div id="top"></div><h2>Standards adoption</h2><div id="standards"></div>' +
      '<h2>Publications, those without open data first</h2><div id="pubs"></div><h2>Shared outputs, worst first</h2><div id="outs"></div>';
    render();
  }

  async function main() {
    try {
      D = await decode();
    } catch (e) {
      $("status").textContent = "This browser cannot read the embedded data (" + e + "); the table above is the overview.";
      return;
    }
    S = D.strings;
    $("static").hidden = true;
    $("app").hidden = false;
    (D.mode === "monitor" ? monitorApp : checkApp)();
    document.documentElement.dataset.ready = "1";
    window.fairmetaReady = performance.now();
  }
  main();
})();
