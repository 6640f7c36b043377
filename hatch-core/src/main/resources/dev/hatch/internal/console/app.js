// Hatch console. No inline script, no third-party code, no build step. The token lives in
// sessionStorage only and travels as "Authorization: Bearer" on fetch(); never in a URL or cookie.
'use strict';
(function () {
  const KEY = 'hatch.token';
  // Behind the servlet adapter the endpoint may sit under a context path (/app/ops/console):
  // API paths are the endpoint's own (/ops/...), prefixed with whatever comes before them.
  const PREFIX = location.pathname.slice(0, Math.max(0, location.pathname.lastIndexOf('/ops/console')));
  const $ = (id) => document.getElementById(id);
  const VIEWS = [
    { id: 'overview', label: 'Overview', needs: ['GET /ops/metrics'] },
    { id: 'threads', label: 'Threads', needs: ['GET /ops/threads'] },
    { id: 'memory', label: 'Memory', needs: ['GET /ops/metrics', 'GET /ops/leaks', 'POST /ops/gc', 'GET /ops/heapdump', 'GET /ops/heapdumps', 'GET /ops/histogram'] },
    { id: 'container', label: 'Container', needs: ['GET /ops/memory/container', 'POST /ops/memory/trim'] },
    { id: 'profiling', label: 'Profiling', needs: ['GET /ops/profile'] },
    { id: 'loggers', label: 'Loggers', needs: ['GET /ops/loggers'] },
    { id: 'repl', label: 'REPL', needs: ['POST /ops/repl/sessions'] },
    { id: 'audit', label: 'Audit', needs: ['GET /ops/audit'] },
  ];
  let allowed = new Set();
  let timer = null;
  let points = [];
  let postGc = [];
  let histograms = [];
  let storedTimer = null;
  let pendingDump = null;
  let lastCpu = null;
  let replSession = null;
  let threadData = null;

  // ---- API ----------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  // poll: a periodic refresh, marked so that the audit view can hide the console's own polling.
  async function call(method, path, body, as, poll) {
    const token = sessionStorage.getItem(KEY);
    if (!token) throw new ApiError(401, 'not signed in');
    const init = { method: method, headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' };
    if (poll) init.headers['X-Hatch-Console'] = 'poll';
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(PREFIX + path, init);
    if (!res.ok) {
      let detail = res.statusText;
      try { const p = await res.json(); detail = p.detail || p.title || detail; } catch (e) { /* not problem+json */ }
      throw new ApiError(res.status, detail);
    }
    if (as === 'text') return res.text();
    if (as === 'blob') return { blob: await res.blob(), headers: res.headers };
    if (res.status === 204) return null;
    return res.json();
  }

  const can = (route) => allowed.has(route);

  function say(text, kind) {
    const m = $('message');
    m.textContent = text;
    m.className = 'message' + (kind ? ' ' + kind : '');
  }

  function fail(what, e) {
    if (e.status === 401) {
      if (timer) { clearInterval(timer); timer = null; } // stop polling with a token that no longer works
      say(what + ': the token was refused (401 Unauthorized). ' + e.message + '. Sign in again.', 'error');
    } else if (e.status === 403) {
      say(what + ': not allowed (403 Forbidden). ' + e.message, 'error');
    } else {
      say(what + ' failed' + (e.status ? ' (' + e.status + ')' : '') + ': ' + e.message, 'error');
    }
  }

  // ---- small DOM helpers (text only: nothing from the server becomes HTML) --------------
  function el(tag, text, cls) {
    const n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function row(cells, cls) {
    const tr = el('tr', null, cls);
    for (const c of cells) {
      if (c instanceof Node) { const td = el('td'); td.appendChild(c); tr.appendChild(td); }
      else tr.appendChild(el('td', c, typeof c === 'number' ? 'num' : undefined));
    }
    return tr;
  }
  function fill(tableId, rows) {
    const tbody = $(tableId).tBodies[0];
    tbody.replaceChildren(...rows);
  }
  function bytes(n) {
    if (n === undefined || n === null || isNaN(n)) return '–';
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (Math.abs(n) >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return n.toFixed(i === 0 ? 0 : 1) + ' ' + u[i];
  }
  function duration(s) {
    s = Math.floor(s);
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
  }
  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
  function fileName(headers, fallback) {
    const cd = headers.get('Content-Disposition') || '';
    const m = /filename="([^"]+)"/.exec(cd);
    return m ? m[1] : fallback;
  }

  // ---- sign-in ------------------------------------------------------------------------
  async function signIn(token) {
    sessionStorage.setItem(KEY, token);
    let index;
    try {
      index = await call('GET', '/ops');
    } catch (e) {
      sessionStorage.removeItem(KEY);
      if (e.status === 401) {
        say('Sign-in failed: the token was not accepted. Check that you copied the whole token.', 'error');
      } else if (e.status === 429) {
        say('Sign-in refused: too many attempts from this address (429). Wait a moment and try again.', 'error');
      } else {
        fail('Sign-in', e);
      }
      return;
    }
    allowed = new Set(index.routes.map((r) => r.method + ' ' + r.path));
    $('principal').textContent = 'Signed in as ' + index.principal + ' (' + index.scopes.join(', ') + ')';
    $('signin').hidden = true;
    $('signin-help').hidden = true;
    $('whoami').hidden = false;
    $('token').value = '';
    say('Signed in. Hatch ' + index.hatch + '.', 'ok');
    buildTabs();
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    location.reload(); // drops every piece of data the page holds
  }

  // ---- tabs (WAI-ARIA tabs pattern: arrows, Home, End) ----------------------------------
  function buildTabs() {
    const nav = $('tabs');
    const tabs = [];
    for (const v of VIEWS) {
      if (!v.needs.some(can)) continue;
      const b = el('button', v.label);
      b.type = 'button';
      b.id = 'tab-' + v.id;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-controls', 'view-' + v.id);
      b.dataset.view = v.id;
      b.addEventListener('click', () => select(v.id));
      b.addEventListener('keydown', (ev) => {
        const i = tabs.indexOf(b);
        let j = null;
        if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
        else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
        else if (ev.key === 'Home') j = 0;
        else if (ev.key === 'End') j = tabs.length - 1;
        if (j !== null) { ev.preventDefault(); tabs[j].focus(); select(tabs[j].dataset.view); }
      });
      tabs.push(b);
    }
    nav.replaceChildren(...tabs);
    nav.hidden = tabs.length === 0;
    document.querySelectorAll('[data-route]').forEach((n) => { n.hidden = !can(n.dataset.route); });
    if (tabs.length === 0) say('Signed in, but this token may not call any of the views.', 'error');
    else select(tabs[0].dataset.view);
  }

  function select(id) {
    for (const t of $('tabs').children) {
      const on = t.dataset.view === id;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    }
    for (const v of VIEWS) $('view-' + v.id).hidden = v.id !== id;
    if (timer) { clearInterval(timer); timer = null; }
    const open = { overview: openOverview, threads: loadThreads, memory: openMemory, container: loadContainer, profiling: () => {},
      loggers: loadLoggers, repl: () => {}, audit: loadAudit }[id];
    open();
  }

  // ---- metrics (Prometheus text) --------------------------------------------------------
  function parseMetrics(text) {
    const out = [];
    for (const line of text.split('\n')) {
      if (!line || line[0] === '#') continue;
      const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
      if (!m) continue;
      const labels = {};
      if (m[3]) for (const l of m[3].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
      out.push({ name: m[1], labels: labels, value: Number(m[4]) });
    }
    return out;
  }
  const metric = (ms, name, labels) => {
    const f = ms.find((x) => x.name === name && Object.entries(labels || {}).every(([k, v]) => x.labels[k] === v));
    return f ? f.value : undefined;
  };

  // ---- overview -----------------------------------------------------------------------
  function openOverview() {
    refreshOverview();
    timer = setInterval(refreshOverview, 2000);
  }

  async function refreshOverview() {
    let ms;
    try {
      ms = parseMetrics(await call('GET', '/ops/metrics', undefined, 'text', true));
    } catch (e) { fail('Metrics', e); return; }
    const used = metric(ms, 'jvm_memory_used_bytes', { area: 'heap' });
    const committed = metric(ms, 'jvm_memory_committed_bytes', { area: 'heap' });
    const uptime = metric(ms, 'process_uptime_seconds');
    const cpu = metric(ms, 'process_cpu_seconds_total');
    const cores = metric(ms, 'jvm_available_processors') || 1;
    const sum = (name) => ms.filter((x) => x.name === name).reduce((a, x) => a + x.value, 0);
    points.push({ t: Date.now(), used: used, committed: committed,
      gcCount: sum('jvm_gc_collections_total'), gcSeconds: sum('jvm_gc_collection_seconds_total') });
    if (points.length > 150) points.shift();
    const since = points.find((p) => p.t >= Date.now() - 61000) || points[0];
    const last = points[points.length - 1];
    $('ov-gc').textContent = points.length < 2 ? 'measuring…'
      : (last.gcCount - since.gcCount) + ' collections, ' + Math.round((last.gcSeconds - since.gcSeconds) * 1000) + ' ms';
    await refreshPostGc();
    $('ov-heap').textContent = bytes(used);
    $('ov-uptime').textContent = uptime === undefined ? '–' : duration(uptime);
    if (cpu !== undefined && uptime !== undefined) {
      if (lastCpu && uptime > lastCpu.uptime) {
        const pct = (cpu - lastCpu.cpu) / (uptime - lastCpu.uptime) / cores * 100;
        $('ov-cpu').textContent = Math.max(0, pct).toFixed(1) + ' % of ' + cores + ' cores';
      }
      lastCpu = { cpu: cpu, uptime: uptime };
    } else {
      $('ov-cpu').textContent = 'not available';
    }
    fill('ov-states', ms.filter((x) => x.name === 'jvm_threads_state')
      .map((x) => row([x.labels.state, x.value])));
    drawChart();
    refreshLeaks();
  }

  // The old generation right after each collection (GET /ops/memory): the baseline under the sawtooth.
  async function refreshPostGc() {
    if (!can('GET /ops/memory')) return;
    try {
      const r = await call('GET', '/ops/memory', undefined, undefined, true);
      const samples = (r.postGc && r.postGc.samples) || [];
      const seen = new Set(postGc.map((p) => p.t + ':' + p.v));
      for (const x of samples) {
        if (typeof x.oldAfterBytes !== 'number') continue; // "sampled" readings (no collection) are not post-GC figures
        const p = { t: Date.parse(x.time), v: x.oldAfterBytes };
        if (!seen.has(p.t + ':' + p.v)) postGc.push(p);
      }
      const from = points.length ? points[0].t : 0;
      postGc = postGc.filter((p) => p.t >= from).sort((a, b) => a.t - b.t).slice(-600);
    } catch (e) { /* the chart shows what it has; the message line is for actions */ }
  }

  // The chart is drawn at the canvas's own width (sharp at any window size and pixel ratio);
  // its labels are HTML laid over it, so the browser measures them: a label that would touch
  // another, or leave the chart, is dropped rather than drawn over it.
  const CHART_H = 220;

  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  function byteTicks(max) {
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (max >= 1024 * 4 && i < u.length - 1) { max /= 1024; i++; }
    const unit = Math.pow(1024, i);
    const step = niceStep(max / 4);
    const ticks = [];
    for (let k = 0; ; k++) {
      const v = k * step;
      ticks.push({ v: v * unit, text: (v === 0 ? '0' : String(Math.round(v * 1000) / 1000)) + ' ' + u[i] });
      if (v >= max * (1 - 1e-9)) break;
    }
    return ticks;
  }

  function timeTicks(spanMs, room) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
    const want = Math.max(1, Math.floor(room / 80));
    const step = steps.find((s) => spanMs / 1000 / s <= want) || 3600;
    const ticks = [];
    for (let back = 0; back * 1000 <= spanMs; back += step) {
      ticks.push({ back: back * 1000, text: back === 0 ? 'now' : '−' + (back % 60 === 0 ? back / 60 + ' min' : back + ' s') });
    }
    return ticks;
  }

  function placeLabels(layer, labels) {
    const box = layer.getBoundingClientRect();
    const kept = [];
    const overlaps = (a, b) => a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom && b.top < a.bottom;
    for (const l of labels) {
      const s = el('span', l.text, 'tick ' + l.axis);
      layer.appendChild(s);
      const w = s.offsetWidth, h = s.offsetHeight;
      let left = l.align === 'right' ? l.x - w : l.align === 'center' ? l.x - w / 2 : l.x;
      let top = l.y - h / 2;
      left = Math.max(0, Math.min(box.width - w, left));
      top = Math.max(0, Math.min(box.height - h, top));
      s.style.left = left + 'px';
      s.style.top = top + 'px';
      const r = s.getBoundingClientRect();
      if (kept.some((k) => overlaps(r, k))) { s.remove(); continue; }
      kept.push(r);
    }
  }

  function drawChart() {
    const c = $('heap-chart');
    const layer = $('heap-chart-labels');
    const w = Math.max(200, Math.floor($('heap-chart-box').clientWidth)), h = CHART_H;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    layer.replaceChildren();
    const top = 10, bottom = h - 26;
    const peak = Math.max(1, ...points.map((p) => Math.max(p.used || 0, p.committed || 0)), ...postGc.map((p) => p.v)) * 1.1;
    const yTicks = byteTicks(peak);
    const max = yTicks[yTicks.length - 1].v || peak;
    // The left margin is as wide as the widest y label, measured in the page's own font.
    const probe = el('span', null, 'tick y');
    layer.appendChild(probe);
    let widest = 0;
    for (const t of yTicks) { probe.textContent = t.text; widest = Math.max(widest, probe.offsetWidth); }
    probe.remove();
    const left = widest + 10, right = w - 14;
    const t1 = points.length ? points[points.length - 1].t : 0;
    const t0 = points.length ? points[0].t : 0;
    const span = Math.max(1000, t1 - t0);
    const x = (t) => left + Math.max(0, Math.min(1, (t - (t1 - span)) / span)) * (right - left);
    const y = (v) => bottom - (v / max) * (bottom - top);
    g.lineWidth = 1;
    g.strokeStyle = '#d5d5d5';
    for (const t of yTicks) { g.beginPath(); g.moveTo(left, Math.round(y(t.v)) + 0.5); g.lineTo(right, Math.round(y(t.v)) + 0.5); g.stroke(); }
    g.strokeStyle = '#8a8a8a';
    g.beginPath(); g.moveTo(left + 0.5, top); g.lineTo(left + 0.5, bottom + 0.5); g.lineTo(right, bottom + 0.5); g.stroke();
    const xTicks = timeTicks(span, right - left);
    for (const t of xTicks) { g.beginPath(); g.moveTo(x(t1 - t.back), bottom); g.lineTo(x(t1 - t.back), bottom + 4); g.stroke(); }
    const line = (series, value, colour) => {
      g.strokeStyle = colour; g.lineWidth = 2; g.beginPath();
      series.forEach((p, i) => { if (i === 0) g.moveTo(x(p.t), y(value(p))); else g.lineTo(x(p.t), y(value(p))); });
      g.stroke();
      g.fillStyle = colour;
      series.forEach((p) => { g.beginPath(); g.arc(x(p.t), y(value(p)), 2.5, 0, 2 * Math.PI); g.fill(); });
    };
    line(points, (p) => p.committed || 0, '#6b6b6b');
    line(points, (p) => p.used || 0, '#0b4fa8');
    line(postGc, (p) => p.v, '#1d6b2a');
    // Most important first: the scale's ends, then "now", then the rest; later ones yield.
    const ys = yTicks.map((t) => ({ axis: 'y', text: t.text, x: left - 6, y: y(t.v), align: 'right' }));
    const ordered = [ys[ys.length - 1], ys[0], ...ys.slice(1, -1).reverse()];
    const xs = xTicks.map((t) => ({ axis: 'x', text: t.text, x: x(t1 - t.back), y: bottom + 14, align: 'center' }));
    placeLabels(layer, [...new Set(ordered)].concat(xs));
    c.dataset.points = String(points.length);
    c.dataset.postGc = String(postGc.length);
    c.dataset.width = String(w);
    c.dataset.plot = JSON.stringify({ left: left, right: right, top: top, bottom: bottom });
    const last = points[points.length - 1];
    c.setAttribute('aria-label', 'Heap used over time: ' + points.length + ' samples, latest ' + bytes(last && last.used));
  }

  async function refreshLeaks() {
    if (!can('GET /ops/leaks')) return; // not on this endpoint (or this token): nothing to show
    try {
      const r = await call('GET', '/ops/leaks', undefined, undefined, true);
      $('ov-leak-card').hidden = false;
      $('ov-leak').textContent = r.verdict;
      $('ov-leak-text').textContent = r.explanation || '';
      $('ov-growth-card').hidden = false;
      $('ov-growth').textContent = growth(r.heap);
    } catch (e) {
      if (e.status === 404) $('ov-leak-card').hidden = true; else fail('Leak report', e);
    }
  }

  function growth(heap) {
    if (!heap || !heap.samples) return 'no samples yet';
    const g = heap.growthBytesPerMinute || 0;
    return (g >= 0 ? '+' : '−') + bytes(Math.abs(g)) + '/min' + (heap.confidence ? ' (' + Math.round(heap.confidence * 100) + ' %)' : '');
  }

  // ---- threads ------------------------------------------------------------------------
  async function loadThreads() {
    try {
      threadData = await call('GET', '/ops/threads');
    } catch (e) { fail('Thread dump', e); return; }
    const states = [...new Set(threadData.threads.map((t) => t.state))].sort();
    const sel = $('thread-state');
    const keep = sel.value;
    sel.replaceChildren(el('option', 'all'), ...states.map((s) => el('option', s)));
    sel.options[0].value = '';
    sel.value = states.includes(keep) ? keep : '';
    let dead = new Set();
    if (can('GET /ops/threads/deadlocks')) {
      try {
        const d = await call('GET', '/ops/threads/deadlocks');
        const box = $('deadlocks');
        box.hidden = !d.deadlocked;
        if (d.deadlocked) {
          box.replaceChildren(el('strong', 'Deadlock: ' + d.threadCount + ' threads'),
            ...d.cycles.map((c) => el('p', c.summary)));
          for (const c of d.cycles) for (const t of c.threads) dead.add(t.id);
        }
      } catch (e) { fail('Deadlock check', e); }
    }
    threadData.dead = dead;
    renderThreads();
  }

  function renderThreads() {
    if (!threadData) return;
    const q = $('thread-search').value.trim().toLowerCase();
    const st = $('thread-state').value;
    const shown = threadData.threads.filter((t) => (!q || t.name.toLowerCase().includes(q)) && (!st || t.state === st));
    $('threads-summary').textContent = shown.length + ' of ' + threadData.threadCount + ' threads'
      + (threadData.dead.size ? '; deadlocked threads are highlighted' : '');
    fill('threads-table', shown.map((t) => {
      const d = el('details');
      d.appendChild(el('summary', t.stack.length + ' frames'));
      d.appendChild(el('pre', t.stack.map((f) => 'at ' + f.class + '.' + f.method
        + '(' + (f.native ? 'Native Method' : (f.file || 'Unknown Source') + (f.line >= 0 ? ':' + f.line : '')) + ')').join('\n')));
      const r = row([t.name, t.state + (threadData.dead.has(t.id) ? ' (deadlocked)' : ''),
        t.cpuTimeMs === undefined ? '–' : t.cpuTimeMs, d], threadData.dead.has(t.id) ? 'deadlocked' : undefined);
      r.dataset.thread = t.name;
      return r;
    }));
  }

  async function busiest() {
    const b = $('busiest-run');
    b.disabled = true;
    try {
      const r = await call('GET', '/ops/threads/busiest?n=10&ms=1000');
      $('busiest').hidden = false;
      fill('busiest-table', r.threads.map((t) => row([t.name, t.state, t.percentOfCore])));
    } catch (e) { fail('Busiest threads', e); } finally { b.disabled = false; }
  }

  // ---- memory -------------------------------------------------------------------------
  async function openMemory() {
    if (can('GET /ops/metrics')) {
      try {
        const ms = parseMetrics(await call('GET', '/ops/metrics', undefined, 'text'));
        fill('mem-areas', ['heap', 'nonheap'].map((a) => row([a,
          bytes(metric(ms, 'jvm_memory_used_bytes', { area: a })),
          bytes(metric(ms, 'jvm_memory_committed_bytes', { area: a })),
          bytes(metric(ms, 'jvm_memory_max_bytes', { area: a }))])));
      } catch (e) { fail('Memory', e); }
    }
    loadLeakReport();
    loadStored();
  }

  async function loadLeakReport() {
    if (!can('GET /ops/leaks')) { $('leak-box').hidden = true; return; }
    try {
      const r = await call('GET', '/ops/leaks');
      $('leak-box').hidden = false;
      $('leak-verdict').textContent = r.verdict;
      $('leak-growth').textContent = 'live heap ' + growth(r.heap)
        + (r.heap && r.heap.projectedExhaustion ? ', full at ' + r.heap.projectedExhaustion : '');
      $('leak-text').textContent = r.explanation || '';
      fill('leak-suspects', (r.suspects || []).map((x) => {
        const tr = row([x['class'], x.instancesGrowth, bytes(x.bytesGrowth), (x.allocationSites || []).slice(0, 3).map(String).join('; ') || '–']);
        tr.dataset.class = x['class'];
        return tr;
      }));
      if (!(r.suspects || []).length) fill('leak-suspects', [row(['none: a class becomes a suspect when it grows across the histograms taken while memory rises', '', '', ''])]);
      const perMinute = (k, g) => (g === undefined || g === null ? '–' : k === 'directBuffers' ? bytes(g) : (Math.round(g * 10) / 10));
      fill('leak-nonheap', Object.entries(r.nonHeap || {}).map(([k, v]) => row([k, v.verdict || '–', perMinute(k, v.growthPerMinute)])));
    } catch (e) {
      if (e.status === 403) $('leak-box').hidden = true; else fail('Leak report', e);
    }
  }

  async function histogram() {
    const b = $('histo-run');
    const against = $('histo-diff').value;
    b.disabled = true;
    say('Taking a live class histogram (a full collection)…');
    try {
      const r = await call('GET', '/ops/histogram?top=50' + (against ? '&diff=' + encodeURIComponent(against) : ''));
      $('histo-box').hidden = false;
      $('histo-title').textContent = 'Class histogram ' + r.id + ' (' + r.time + ', ' + r.totalInstances + ' objects, ' + bytes(r.totalBytes)
        + (r.diff ? '; change since ' + r.diff + ', largest gain first' : '') + ')';
      $('histo-table').dataset.id = r.id;
      $('histo-table').dataset.diff = r.diff || '';
      fill('histo-table', (r.classes || []).map((x) => {
        const tr = row([x['class'], x.instances, bytes(x.bytes),
          x.instancesDelta === undefined ? '–' : x.instancesDelta, x.bytesDelta === undefined ? '–' : bytes(x.bytesDelta)]);
        tr.dataset.class = x['class'];
        return tr;
      }));
      histograms.push({ id: r.id, time: r.time });
      const kept = new Set(r.kept || histograms.map((h) => h.id));
      histograms = histograms.filter((h) => kept.has(h.id));
      const sel = $('histo-diff');
      sel.replaceChildren(el('option', 'nothing (absolute counts)'), ...histograms.map((h) => el('option', h.id + ' (' + h.time + ')')));
      sel.options[0].value = '';
      histograms.forEach((h, i) => { sel.options[i + 1].value = h.id; });
      sel.value = r.id;
      say('Histogram ' + r.id + ' taken in ' + r.pauseMs + ' ms.', 'ok');
    } catch (e) { fail('Histogram', e); } finally { b.disabled = false; }
  }

  async function gc() {
    const b = $('gc-run');
    b.disabled = true;
    try {
      const r = await call('POST', '/ops/gc');
      const used = (u) => (u && u.heap ? u.heap.usedBytes : undefined);
      $('gc-result').textContent = 'GC done in ' + r.durationMs + ' ms'
        + (used(r.before) !== undefined ? ': heap ' + bytes(used(r.before)) + ' → ' + bytes(used(r.after)) : '');
      say('GC finished.', 'ok');
    } catch (e) { fail('GC', e); } finally { b.disabled = false; }
  }

  async function heapDump() {
    const b = $('dump-run');
    b.disabled = true;
    say('Taking a heap dump; the download starts when it is written…');
    try {
      const r = await call('GET', '/ops/heapdump?live=true', undefined, 'blob');
      const name = fileName(r.headers, 'heap.hprof');
      save(r.blob, name);
      const li = el('li');
      li.appendChild(el('span', name + ' — ' + bytes(r.blob.size) + ' '));
      const again = el('button', 'Save again');
      again.type = 'button';
      again.addEventListener('click', () => save(r.blob, name));
      li.appendChild(again);
      li.dataset.size = String(r.blob.size);
      $('downloads').appendChild(li);
      $('downloads-box').hidden = false;
      say('Heap dump downloaded: ' + name + ' (' + bytes(r.blob.size) + ').', 'ok');
    } catch (e) { fail('Heap dump', e); } finally { b.disabled = false; }
  }

  // Stored dumps: only when this endpoint offers them (GET /ops lists the routes). While one is
  // being written the list refreshes every second, for at most ten minutes.
  async function loadStored(poll) {
    if (!can('GET /ops/heapdumps')) { $('stored-box').hidden = true; return; }
    let list;
    try {
      const r = await call('GET', '/ops/heapdumps', undefined, undefined, poll === true);
      list = Array.isArray(r) ? r : (r.dumps || []);
      $('stored-box').hidden = false;
      $('stored-usage').textContent = r.usedBytes === undefined ? ''
        : bytes(r.usedBytes) + ' used of a ' + bytes(r.quotaBytes) + ' quota; stored dumps survive restarts until deleted or expired.';
      fill('stored-table', list.map(storedRow));
    } catch (e) { fail('Stored dumps', e); return; }
    const mine = pendingDump && list.find((d) => d.id === pendingDump);
    if (mine && mine.state === 'ready') { pendingDump = null; say('Stored dump ' + mine.id + ' is ready (' + bytes(mine.bytes) + ').', 'ok'); }
    if (mine && mine.state === 'failed') { pendingDump = null; say('Stored dump ' + mine.id + ' failed: ' + (mine.error || 'no reason given'), 'error'); }
    const running = list.some((d) => d.state === 'running');
    if (running && !storedTimer) {
      const started = Date.now();
      storedTimer = setInterval(async () => {
        if (Date.now() - started > 600000 || $('view-memory').hidden) { clearInterval(storedTimer); storedTimer = null; return; }
        await loadStored(true);
      }, 1000);
    } else if (!running && storedTimer) {
      clearInterval(storedTimer);
      storedTimer = null;
    }
  }

  function storedRow(d) {
    const actions = el('span');
    if (d.state === 'ready') {
      const get = el('button', 'Download');
      get.type = 'button';
      get.setAttribute('aria-label', 'Download stored dump ' + d.id);
      get.addEventListener('click', async () => {
        get.disabled = true;
        say('Downloading ' + d.id + ' (' + bytes(d.bytes) + ')…');
        try {
          const f = await call('GET', '/ops/heapdumps/' + encodeURIComponent(d.id), undefined, 'blob');
          save(f.blob, fileName(f.headers, d.id + '.hprof'));
          say('Downloaded ' + d.id + ' (' + bytes(f.blob.size) + ').', 'ok');
        } catch (e) { fail('Download', e); } finally { get.disabled = false; }
      });
      actions.appendChild(get);
    }
    if (d.state !== 'running' && can('DELETE /ops/heapdumps/{id}')) {
      const del = el('button', 'Delete');
      del.type = 'button';
      del.setAttribute('aria-label', 'Delete stored dump ' + d.id);
      del.addEventListener('click', async () => {
        try { await call('DELETE', '/ops/heapdumps/' + encodeURIComponent(d.id)); say('Deleted ' + d.id + '.', 'ok'); loadStored(); }
        catch (e) { fail('Delete', e); }
      });
      actions.append(' ', del);
    }
    const state = d.state === 'running' ? 'writing… ' + Math.max(0, Math.round((Date.now() - Date.parse(d.created)) / 1000)) + ' s'
      : d.state === 'failed' ? 'failed: ' + (d.error || '') : d.state;
    const tr = row([d.id, state, d.state === 'ready' ? bytes(d.bytes) : '–', d.created || '–', d.origin || '–', actions]);
    tr.dataset.id = d.id;
    tr.dataset.state = d.state;
    tr.dataset.size = String(d.bytes || 0);
    return tr;
  }

  async function storedDump() {
    const b = $('stored-run');
    b.disabled = true;
    try {
      const r = await call('POST', '/ops/heapdumps');
      pendingDump = r && r.id;
      say('Stored dump ' + ((r && r.id) || '') + ' started; the list below shows its progress.', 'ok');
      await loadStored();
    } catch (e) { fail('Stored dump', e); } finally { b.disabled = false; }
  }

  // ---- container ----------------------------------------------------------------------
  // GET /ops/memory/container: the cgroup, the process's resident memory and what the JVM
  // accounts for, read once when the tab opens and on Refresh (no polling). Every field may be
  // missing (older servers, no cgroup, a reader that failed): missing figures show as "–".
  const num = (v) => (typeof v === 'number' && isFinite(v) ? v : undefined);
  const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

  // A figure row: the name as a row header, the value, and what it means.
  function figure(key, name, value, note, raw) {
    const tr = el('tr');
    const th = el('th', name);
    th.scope = 'row';
    tr.appendChild(th);
    const td = el('td', value);
    if (raw !== undefined) td.dataset.bytes = String(raw);
    tr.appendChild(td);
    tr.appendChild(el('td', note || ''));
    tr.dataset.key = key;
    return tr;
  }

  function perMinute(g) {
    if (num(g) === undefined) return '–';
    return (g >= 0 ? '+' : '−') + bytes(Math.abs(g)) + '/min';
  }

  function percent(fraction) {
    return num(fraction) === undefined ? '–' : Math.round(fraction * 100) + ' %';
  }

  // A span of time as people say it: "8 min", "3 h 20 min", "2 days 4 h".
  function humanSpan(ms) {
    const m = Math.round(ms / 60000);
    if (m < 1) return 'under a minute';
    if (m < 60) return m + ' min';
    const h = Math.floor(m / 60), d = Math.floor(h / 24);
    if (d < 1) return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
    return d + (d === 1 ? ' day' : ' days') + (h % 24 ? ' ' + (h % 24) + ' h' : '');
  }

  async function loadContainer() {
    if (!can('GET /ops/memory/container')) { $('ct-snapshot').hidden = true; return; }
    const b = $('container-refresh');
    b.disabled = true;
    try {
      const r = await call('GET', '/ops/memory/container');
      renderContainer(obj(r));
      $('ct-snapshot').hidden = false;
    } catch (e) { fail('Container memory', e); } finally { b.disabled = false; }
  }

  function renderContainer(r) {
    const cg = obj(r.cgroup), proc = obj(r.process), jvm = obj(r.jvm), na = r.notAccounted;
    $('ct-summary').textContent = 'Read at ' + new Date().toLocaleTimeString() + '. The kernel ends the process when the'
      + ' cgroup reaches its limit; the heap is only part of what a JVM holds.';
    renderCgroup(cg);
    const st = obj(proc.status);
    fill('ct-process', [
      figure('rss', 'Resident (VmRSS)', bytes(num(proc.rssBytes)), 'the pages of this process in RAM', num(proc.rssBytes)),
      figure('anon', 'Anonymous', bytes(num(st.rssAnonBytes)), 'heap, stacks, malloc, direct buffers: what grows with a native leak', num(st.rssAnonBytes)),
      figure('file', 'File-backed', bytes(num(st.rssFileBytes)), 'mapped files (the JDK image, jars, CDS): the kernel can drop and re-read them', num(st.rssFileBytes)),
      figure('shmem', 'Shared memory', bytes(num(st.rssShmemBytes)), '', num(st.rssShmemBytes)),
      figure('threads', 'Threads', num(proc.threads) === undefined ? '–' : String(proc.threads), 'OS threads, the JVM\'s own included'),
    ]);
    renderJvm(jvm);
    renderNotAccounted(na);
    renderTrend(r.trend);
    const notes = Array.isArray(r.notes) ? r.notes.filter((n) => typeof n === 'string' && n) : [];
    $('ct-notes').replaceChildren(...notes.map((n) => el('li', n)));
    $('ct-notes-box').hidden = notes.length === 0;
  }

  function renderCgroup(cg) {
    const limited = cg.limited === true && num(cg.limitBytes) !== undefined;
    const usage = num(cg.usageBytes);
    const stat = obj(cg.stat);
    const cache = num(stat.fileBytes) !== undefined ? stat.fileBytes : num(stat.cacheBytes);
    const anon = num(stat.anonBytes) !== undefined ? stat.anonBytes : num(stat.rssBytes);
    const rows = [
      figure('version', 'Version', cg.version || '–', cg.version === 'none' ? 'no memory controller visible' : (cg.path ? 'cgroup ' + cg.path : '')),
      limited ? figure('limit', 'Limit', bytes(cg.limitBytes), cg.limitSetBy ? 'set by ' + cg.limitSetBy : '', cg.limitBytes)
        : figure('limit', 'Limit', 'no limit', 'no limit applies on the way to the root; none is assumed'),
      figure('usage', 'Usage', bytes(usage), 'page cache included'
        + (cache !== undefined ? ': ' + bytes(cache) + ' of it is cache the kernel can reclaim' : '')
        + (anon !== undefined ? '; anonymous ' + bytes(anon) : ''), usage),
    ];
    if (limited) {
      const headroom = num(cg.headroomBytes) !== undefined ? cg.headroomBytes
        : usage !== undefined ? Math.max(0, cg.limitBytes - usage) : undefined;
      rows.push(figure('headroom', 'Headroom', bytes(headroom), 'limit − usage', headroom));
    }
    rows.push(figure('peak', 'Peak usage', bytes(num(cg.peakUsageBytes)), '', num(cg.peakUsageBytes)));
    const events = obj(cg.events), oomControl = obj(cg.oomControl);
    const kills = cg.version === 'v1' ? num(oomControl.oomKill) : num(events.oomKill);
    if (cg.version !== 'none') {
      rows.push(figure('oomKill', 'OOM kills', kills === undefined ? '–' : String(kills),
        kills === undefined ? 'not reported by this kernel' : 'processes the kernel killed in this cgroup'));
    }
    if (cg.version === 'v1') {
      rows.push(figure('failCount', 'Times at the limit', num(cg.failCount) === undefined ? '–' : String(cg.failCount), 'memory.failcnt'));
    } else if (cg.version === 'v2') {
      const count = (v) => (num(v) === undefined ? '–' : String(v));
      rows.push(figure('events', 'Events', 'high ' + count(events.high) + ', max ' + count(events.max),
        'times usage passed memory.high (throttled) and hit the limit'));
    }
    const some = obj(obj(cg.pressure).some);
    if (num(some.avg10Percent) !== undefined) {
      rows.push(figure('pressure', 'Memory pressure', some.avg10Percent.toFixed(1) + ' %',
        'share of the last 10 s some task stalled waiting for memory'));
    }
    fill('ct-cgroup', rows);
    const barBox = $('ct-bar-box');
    barBox.hidden = !(limited && usage !== undefined && cg.limitBytes > 0);
    if (!barBox.hidden) {
      const f = usage / cg.limitBytes;
      $('ct-bar').value = Math.min(1, Math.max(0, f));
      $('ct-bar-text').textContent = (f * 100).toFixed(1) + ' % (' + bytes(usage) + ' of ' + bytes(cg.limitBytes) + ')';
    }
  }

  function renderJvm(jvm) {
    const rows = [];
    const part = (key, name, value, note, cls) => {
      const tr = row([name, bytes(num(value)), note || ''], cls);
      tr.dataset.row = key;
      if (num(value) !== undefined) tr.dataset.bytes = String(value);
      return tr;
    };
    const heap = obj(jvm.heap);
    if (num(heap.committedBytes) !== undefined) {
      rows.push(part('heap', 'Heap', heap.committedBytes, 'committed; ' + bytes(num(heap.usedBytes)) + ' used'
        + (num(heap.maxBytes) !== undefined ? ', maximum ' + bytes(heap.maxBytes) : '')));
    }
    for (const [name, p] of Object.entries(obj(obj(jvm.nonHeap).pools))) {
      rows.push(part('pool:' + name, name, obj(p).committedBytes, 'non-heap pool, committed; ' + bytes(num(obj(p).usedBytes)) + ' used'));
    }
    const th = obj(jvm.threads);
    if (num(th.stacksReservedBytes) !== undefined) {
      rows.push(part('threadStacks', 'Thread stacks', th.stacksReservedBytes, (num(th.platformThreads) === undefined ? '?' : th.platformThreads)
        + ' platform threads × ' + bytes(num(th.stackSizeBytes)) + (th.stackSizeSource ? ' (' + th.stackSizeSource + ')' : '')
        + ', reserved: an upper bound'));
    }
    for (const [name, p] of Object.entries(obj(obj(jvm.bufferPools).pools))) {
      const bp = obj(p);
      rows.push(part('buffers:' + name, name.charAt(0).toUpperCase() + name.slice(1) + ' buffers', bp.memoryUsedBytes,
        'buffer pool, memory used' + (num(bp.count) === undefined ? '' : '; ' + bp.count + ' buffers')));
    }
    if (num(jvm.poolsTotalBytes) !== undefined) rows.push(part('poolsTotal', 'Total of the above', jvm.poolsTotalBytes, 'the estimate without NMT', 'total'));
    const nmt = obj(jvm.nmt);
    if (nmt.enabled === true) {
      for (const [name, c] of Object.entries(obj(nmt.categories))) {
        rows.push(part('nmt:' + name, 'NMT: ' + name, obj(c).committedBytes, 'Native Memory Tracking, committed'));
      }
      if (num(nmt.totalCommittedBytes) !== undefined) rows.push(part('nmtTotal', 'NMT total', nmt.totalCommittedBytes, 'Native Memory Tracking, committed', 'total'));
    }
    fill('ct-jvm', rows);
    $('ct-nmt-off').hidden = nmt.enabled !== false;
  }

  function renderNotAccounted(na) {
    const clamped = $('ct-unaccounted-clamped');
    if (!na || num(na.notAccountedBytes) === undefined) {
      $('ct-unaccounted').textContent = '–';
      $('ct-unaccounted').removeAttribute('data-bytes');
      $('ct-unaccounted-basis').textContent = 'not known: resident memory or the JVM\'s figures could not be read';
      clamped.hidden = true;
      return;
    }
    $('ct-unaccounted').textContent = bytes(na.notAccountedBytes);
    $('ct-unaccounted').dataset.bytes = String(na.notAccountedBytes);
    $('ct-unaccounted-basis').textContent = '(basis: ' + (na.basis || '?') + ' — resident ' + bytes(num(na.rssBytes))
      + ' minus ' + (na.basis === 'nmt' ? 'NMT\'s committed total ' : 'the pools above ') + bytes(num(na.accountedBytes)) + ')';
    clamped.hidden = na.clampedAtZero !== true;
    clamped.textContent = na.clampedAtZero === true ? 'Clamped at zero: the JVM accounts for '
      + bytes(Math.abs(num(na.differenceBytes) || 0)) + ' more than is resident. Committed memory is not resident until'
      + ' touched, so nothing can be said to be outside the JVM; this is common with a large, lightly used heap.' : '';
  }

  const CATEGORY_NAMES = { threadStacks: 'Thread stacks', metaspace: 'Metaspace', codeCache: 'Code cache',
    directBuffers: 'Direct buffers', mappedBuffers: 'Mapped buffers', otherNative: 'Not accounted for by the JVM',
    heapCommitted: 'Heap, committed', heapTouched: 'Heap, touched pages', rss: 'Resident (RSS)' };
  const categoryName = (k) => CATEGORY_NAMES[k] || (k.startsWith('nmt.') ? 'NMT: ' + k.slice(4) : k);

  function renderTrend(t) {
    const box = $('ct-trend-box');
    if (!t || typeof t !== 'object' || Array.isArray(t)) { box.hidden = true; return; }
    box.hidden = false;
    $('ct-trend-verdict').textContent = typeof t.verdict === 'string' ? t.verdict : '–';
    $('ct-trend-verdict').dataset.verdict = typeof t.verdict === 'string' ? t.verdict : '';
    const growing = typeof t.growing === 'string' && t.growing ? t.growing : null;
    $('ct-trend-growing').textContent = growing ? 'growing: ' + categoryName(growing) : '';
    $('ct-trend-growing').className = growing ? 'growing' : '';
    $('ct-trend-text').textContent = typeof t.explanation === 'string' ? t.explanation : '';
    const limit = $('ct-trend-limit');
    const ms = num(t.millisToLimit);
    if (ms !== undefined) {
      limit.textContent = (ms <= 0 ? 'At the limit now' : 'At this rate the limit is reached in about ' + humanSpan(ms))
        + (typeof t.limitReachedAt === 'string' ? ' (' + t.limitReachedAt + ')' : '')
        + (num(t.headroomBytes) !== undefined ? '; headroom ' + bytes(t.headroomBytes) : '')
        + (num(t.limitBytes) !== undefined ? ' of a ' + bytes(t.limitBytes) + ' limit' : '') + '.';
    } else if (num(t.limitBytes) !== undefined) {
      limit.textContent = 'Not on course to reach the ' + bytes(t.limitBytes) + ' limit'
        + (num(t.headroomBytes) !== undefined ? '; headroom ' + bytes(t.headroomBytes) : '') + '.';
    } else {
      limit.textContent = 'No limit: there is nothing to reach.';
    }
    limit.dataset.millis = ms === undefined ? '' : String(ms);
    const line = (key, c) => {
      c = obj(c);
      const mark = key === growing;
      const tr = row([categoryName(key) + (mark ? ' (growing)' : ''), bytes(num(c.bytes)), perMinute(c.growthBytesPerMinute),
        percent(c.confidence), typeof c.verdict === 'string' ? c.verdict : '–'], mark ? 'growing' : undefined);
      tr.dataset.category = key;
      return tr;
    };
    const rows = [];
    if (t.rss && typeof t.rss === 'object') rows.push(line('rss', t.rss));
    for (const [k, c] of Object.entries(obj(t.categories))) rows.push(line(k, c));
    fill('ct-trend-table', rows);
  }

  async function trimNativeHeap() {
    const b = $('trim-run');
    const out = $('trim-result');
    b.disabled = true;
    out.textContent = 'Trimming the native heap…';
    delete out.dataset.status;
    try {
      const r = obj(await call('POST', '/ops/memory/trim'));
      const fell = num(r.rssFellBytes);
      out.textContent = fell === undefined ? 'Trimmed, but the resident size could not be read before and after.'
        : (fell >= 0 ? 'RSS fell by ' + bytes(fell) : 'RSS rose by ' + bytes(-fell) + ' (other threads allocated meanwhile)')
          + ': ' + bytes(num(r.rssBeforeBytes)) + ' → ' + bytes(num(r.rssAfterBytes))
          + (num(r.durationMs) === undefined ? '' : ', in ' + r.durationMs + ' ms') + '.';
      out.dataset.status = '200';
      out.dataset.fell = fell === undefined ? '' : String(fell);
      say('Native heap trimmed.', 'ok');
      loadContainer();
    } catch (e) {
      out.textContent = 'Not trimmed' + (e.status ? ' (' + e.status + ')' : '') + ': ' + e.message;
      out.dataset.status = String(e.status || '');
      out.dataset.fell = '';
      fail('Trim', e);
    } finally { b.disabled = false; }
  }

  // ---- profiling ----------------------------------------------------------------------
  const profileSeconds = () => Math.max(1, Math.min(120, parseInt($('prof-seconds').value, 10) || 10));

  // JFR samples a thread only while it runs Java code (every 10 ms per thread): a profile of
  // mostly waiting threads has few samples, and its table would mislead. Below one sample per
  // 100 ms on average (10 % of one core) the console says so rather than showing it plainly.
  function sparseNote(event, samples, events, seconds, cpuPct) {
    if (event === 'cpu' && samples < 10 * seconds) {
      // Samples stand for 10 ms of Java code each; the process's CPU also counts JIT, GC, native
      // code and Hatch's own work on the recording, none of which is sampled.
      const used = cpuPct === null ? '' : ' Meanwhile the process used ' + cpuPct.toFixed(1) + ' % of one core, counting'
        + ' Hatch\'s own work to start, write and read the recording; CPU spent outside Java code (JIT compiler, GC,'
        + ' native I/O) is not sampled.';
      return 'Few samples: ' + samples + ' in ' + seconds + ' s. JFR samples a thread only while it runs Java code'
        + ' (every 10 ms), so this process was mostly waiting (sleeping, blocked on I/O or locks) or running native code,'
        + ' and these stacks may not be typical.' + used + ' Profile longer or while the application is busy; time spent'
        + ' blocked on locks shows in the lock profile.';
    }
    if (event !== 'cpu' && events === 0) {
      return 'No ' + (event === 'alloc' ? 'sampled allocations' : 'contended locks over 1 ms') + ' in ' + seconds
        + ' s: profile longer or while the application is busy.';
    }
    return '';
  }

  function profileQuery(format) {
    const s = profileSeconds();
    return '/ops/profile?format=' + format + '&seconds=' + s + '&event=' + encodeURIComponent($('prof-event').value);
  }

  // The process's CPU time (process_cpu_seconds_total) and uptime, to say how busy it was while profiling.
  async function cpuClock() {
    if (!can('GET /ops/metrics')) return null;
    try {
      const ms = parseMetrics(await call('GET', '/ops/metrics', undefined, 'text'));
      const cpu = metric(ms, 'process_cpu_seconds_total'), up = metric(ms, 'process_uptime_seconds');
      return cpu === undefined || up === undefined ? null : { cpu: cpu, up: up };
    } catch (e) { return null; }
  }

  async function profile() {
    const b = $('prof-run');
    const event = $('prof-event').value;
    const seconds = profileSeconds();
    b.disabled = true;
    $('prof-sparse').hidden = true;
    $('prof-summary').textContent = 'Profiling for ' + seconds + ' s…';
    try {
      const before = await cpuClock();
      const r = await call('GET', profileQuery('collapsed'), undefined, 'blob');
      const after = before && await cpuClock();
      const cpuPct = before && after && after.up > before.up ? 100 * (after.cpu - before.cpu) / (after.up - before.up) : null;
      const text = await r.blob.text();
      const stacks = [];
      let total = 0;
      for (const line of text.split('\n')) {
        const i = line.lastIndexOf(' ');
        if (i <= 0) continue;
        const n = Number(line.slice(i + 1));
        if (!n) continue;
        total += n;
        stacks.push({ frames: line.slice(0, i).split(';'), n: n });
      }
      stacks.sort((a, b) => b.n - a.n);
      const events = Number(r.headers.get('X-Hatch-Profile-Events') || stacks.length);
      $('prof-summary').textContent = total + ' ' + (event === 'cpu' ? 'samples' : event === 'alloc' ? 'bytes' : 'ns')
        + ' (' + events + ' events) in ' + stacks.length + ' distinct stacks over ' + seconds + ' s'
        + (cpuPct === null ? '' : ', while the process used ' + cpuPct.toFixed(1) + ' % of one core')
        + (stacks.length ? '; the 50 most frequent:' : '.');
      const note = sparseNote(event, total, events, seconds, cpuPct);
      $('prof-sparse').textContent = note;
      $('prof-sparse').hidden = !note;
      fill('prof-table', stacks.slice(0, 50).map((s) => {
        const d = el('details');
        d.appendChild(el('summary', s.frames.length + ' frames'));
        d.appendChild(el('pre', s.frames.join('\n')));
        const tr = row([s.n, (100 * s.n / total).toFixed(1), s.frames[s.frames.length - 1], d]);
        tr.dataset.stack = s.frames.join(';');
        return tr;
      }));
    } catch (e) { $('prof-summary').textContent = ''; fail('Profile', e); } finally { b.disabled = false; }
  }

  // The flame graph page runs its own inline script, which this page's CSP (inherited by any
  // blob: or srcdoc frame) forbids; so it is saved as a file and opened outside the console.
  async function flameGraph() {
    const b = $('prof-html');
    b.disabled = true;
    say('Recording a flame graph…');
    try {
      const r = await call('GET', profileQuery('html'), undefined, 'blob');
      save(r.blob, fileName(r.headers, 'profile.html'));
      say('Flame graph saved; open the file in your browser.', 'ok');
    } catch (e) { fail('Flame graph', e); } finally { b.disabled = false; }
  }

  // ---- loggers ------------------------------------------------------------------------
  let loggers = [];
  async function loadLoggers() {
    try {
      const r = await call('GET', '/ops/loggers');
      loggers = r.loggers;
      $('logger-form').hidden = !can('POST /ops/loggers/{name}');
      $('logger-level').replaceChildren(...r.levels.map((l) => el('option', l)));
      $('logger-framework').replaceChildren(...r.frameworks.map((f) => el('option', f)));
      if (r.defaultFramework) $('logger-framework').value = r.defaultFramework;
      $('logger-names').replaceChildren(...loggers.map((l) => { const o = el('option'); o.value = l.name; return o; }));
      renderLoggers();
    } catch (e) { fail('Loggers', e); }
  }

  // Hatch's own loggers and its shaded Jetty (relocated under dev.hatch.internal.shaded) are
  // hidden unless asked for: the application's loggers are what an operator came for. The
  // demo (dev.hatch.demo) plays the application and stays visible.
  const hatchOwn = (name) => (name === 'dev.hatch' || name.startsWith('dev.hatch.'))
    && !(name === 'dev.hatch.demo' || name.startsWith('dev.hatch.demo.'));

  function renderLoggers() {
    const q = $('logger-filter').value.trim().toLowerCase();
    const own = $('logger-internal').checked;
    const hidden = own ? 0 : loggers.filter((l) => hatchOwn(l.name)).length;
    const shown = loggers.filter((l) => (own || !hatchOwn(l.name)) && (!q || l.name.toLowerCase().includes(q)));
    $('loggers-summary').textContent = shown.length + ' of ' + loggers.length + ' loggers'
      + (hidden ? '; ' + hidden + ' of Hatch\'s own hidden' : '') + (shown.length > 500 ? '; the first 500 are listed' : '');
    fill('loggers-table', shown.slice(0, 500).map((l) => {
      const tr = row([l.name, l.framework, l.configuredLevel || '–', l.effectiveLevel || '–',
        l.revertAt ? l.revertTo + ' at ' + l.revertAt : '']);
      tr.dataset.logger = l.name;
      return tr;
    }));
  }

  async function setLevel(ev) {
    ev.preventDefault();
    const name = $('logger-name').value.trim();
    const body = { level: $('logger-level').value, framework: $('logger-framework').value };
    const revert = $('logger-revert').value.trim();
    if (revert) body.revertAfter = revert;
    try {
      await call('POST', '/ops/loggers/' + encodeURIComponent(name), body);
      say('Logger ' + name + ' set to ' + body.level + (revert ? ', reverting after ' + revert : '') + '.', 'ok');
      loadLoggers();
    } catch (e) { fail('Set level', e); }
  }

  // ---- REPL ---------------------------------------------------------------------------
  async function newSession() {
    try {
      const r = await call('POST', '/ops/repl/sessions');
      replSession = r.id;
      $('repl-session').textContent = 'Session ' + r.id;
      addHistory(el('li', 'New session ' + r.id, 'session-start'));
      $('repl-run').disabled = false;
      $('repl-code').focus();
    } catch (e) { fail('REPL session', e); }
  }

  // The page keeps the newest HISTORY entries (snippet and result) in a scrollable list; older
  // ones are dropped and counted. Nothing is stored outside the page: a reload forgets them.
  const HISTORY = 100;
  let dropped = 0;

  function addHistory(entry) {
    const list = $('repl-history');
    list.appendChild(entry);
    while (list.children.length > HISTORY) { list.firstElementChild.remove(); dropped++; }
    $('repl-dropped').textContent = dropped ? dropped + ' older ' + (dropped === 1 ? 'entry' : 'entries') + ' dropped (the page keeps the newest ' + HISTORY + ')' : '';
    $('repl-clear').disabled = false;
    list.scrollTop = list.scrollHeight;
  }

  function clearHistory() {
    $('repl-history').replaceChildren();
    dropped = 0;
    $('repl-dropped').textContent = '';
    $('repl-clear').disabled = true;
    $('repl-code').focus();
  }

  function historyEntry(code) {
    const li = el('li', null, 'entry');
    const input = el('div', null, 'in');
    input.appendChild(el('pre', code));
    const again = el('button', 'Edit again', 'small');
    again.type = 'button';
    again.setAttribute('aria-label', 'Put this snippet back in the editor');
    again.addEventListener('click', () => { $('repl-code').value = code; $('repl-code').focus(); });
    input.appendChild(again);
    li.appendChild(input);
    return li;
  }

  async function evaluate() {
    if (!replSession) return;
    const b = $('repl-run');
    const code = $('repl-code').value;
    if (!code.trim()) return;
    b.disabled = true;
    const li = historyEntry(code);
    const out = el('dl', null, 'result');
    li.appendChild(out);
    try {
      const r = await call('POST', '/ops/repl/sessions/' + encodeURIComponent(replSession), { code: code });
      for (const k of ['value', 'stdout', 'stderr', 'error']) {
        if (r[k] === null || r[k] === undefined || r[k] === '') continue;
        out.appendChild(el('dt', k));
        const dd = el('dd', null, 'repl-' + k + (k === 'error' ? ' error' : ''));
        dd.appendChild(el('pre', r[k]));
        out.appendChild(dd);
      }
      out.appendChild(el('dt', 'duration'));
      out.appendChild(el('dd', r.durationMs + ' ms', 'repl-duration'));
      $('repl-code').value = '';
    } catch (e) {
      out.appendChild(el('dt', 'refused'));
      const dd = el('dd', null, 'repl-error error');
      dd.appendChild(el('pre', (e.status ? e.status + ': ' : '') + e.message));
      out.appendChild(dd);
      fail('Evaluation', e);
    } finally {
      addHistory(li);
      b.disabled = false;
    }
  }

  // ---- audit --------------------------------------------------------------------------
  // The console's own periodic GETs (marked consolePoll by the endpoint) are hidden unless asked
  // for; a marked record is hidden only when it is one of the GETs the console polls.
  const POLLED = new Set(['/ops/metrics', '/ops/memory', '/ops/leaks', '/ops/heapdumps']);
  let auditRecords = [];
  const isPoll = (a) => a.consolePoll === true && a.method === 'GET' && POLLED.has(a.path);

  async function loadAudit() {
    try {
      const r = await call('GET', '/ops/audit?limit=1000');
      auditRecords = r.records.slice().reverse();
      renderAudit();
    } catch (e) { fail('Audit log', e); }
  }

  function renderAudit() {
    const all = $('audit-polls').checked;
    const shown = auditRecords.filter((a) => all || !isPoll(a)).slice(0, 200);
    const polls = auditRecords.filter(isPoll).length;
    $('audit-summary').textContent = 'The newest ' + shown.length + ' of ' + auditRecords.length + ' records read'
      + (all ? '' : '; ' + polls + ' periodic refreshes of this console hidden');
    fill('audit-table', shown.map((a) => {
      const tr = row([a.time, a.principal, (a.method || '') + ' ' + (a.path || ''), a.status, a.outcome + (isPoll(a) ? ' (console refresh)' : '')]);
      if (isPoll(a)) tr.className = 'poll';
      return tr;
    }));
  }

  // ---- wiring -------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    $('signin').addEventListener('submit', (ev) => { ev.preventDefault(); const t = $('token').value.trim(); if (t) signIn(t); });
    $('signout').addEventListener('click', signOut);
    $('thread-search').addEventListener('input', renderThreads);
    $('thread-state').addEventListener('change', renderThreads);
    $('threads-refresh').addEventListener('click', loadThreads);
    $('busiest-run').addEventListener('click', busiest);
    $('gc-run').addEventListener('click', gc);
    $('dump-run').addEventListener('click', heapDump);
    $('stored-run').addEventListener('click', storedDump);
    $('histo-run').addEventListener('click', histogram);
    $('container-refresh').addEventListener('click', loadContainer);
    $('trim-run').addEventListener('click', trimNativeHeap);
    $('prof-run').addEventListener('click', profile);
    $('prof-html').addEventListener('click', flameGraph);
    $('logger-filter').addEventListener('input', renderLoggers);
    $('logger-internal').addEventListener('change', renderLoggers);
    $('logger-form').addEventListener('submit', setLevel);
    $('repl-new').addEventListener('click', newSession);
    $('repl-run').addEventListener('click', evaluate);
    $('repl-clear').addEventListener('click', clearHistory);
    $('repl-code').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.ctrlKey) { ev.preventDefault(); evaluate(); } });
    $('audit-refresh').addEventListener('click', loadAudit);
    window.addEventListener('resize', () => { if (!$('view-overview').hidden && points.length) drawChart(); });
    $('audit-polls').addEventListener('change', renderAudit);
    if ($('cli-url')) $('cli-url').textContent = location.origin + PREFIX + '/ops';
    const token = sessionStorage.getItem(KEY);
    if (token) signIn(token);
    else $('token').focus();
  });
})();
