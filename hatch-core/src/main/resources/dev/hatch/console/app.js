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
    { id: 'memory', label: 'Memory', needs: ['GET /ops/metrics', 'POST /ops/gc', 'GET /ops/heapdump', 'GET /ops/heapdumps'] },
    { id: 'profiling', label: 'Profiling', needs: ['GET /ops/profile'] },
    { id: 'loggers', label: 'Loggers', needs: ['GET /ops/loggers'] },
    { id: 'repl', label: 'REPL', needs: ['POST /ops/repl/sessions'] },
    { id: 'audit', label: 'Audit', needs: ['GET /ops/audit'] },
  ];
  let allowed = new Set();
  let timer = null;
  let points = [];
  let lastCpu = null;
  let replSession = null;
  let threadData = null;

  // ---- API ----------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  async function call(method, path, body, as) {
    const token = sessionStorage.getItem(KEY);
    if (!token) throw new ApiError(401, 'not signed in');
    const init = { method: method, headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' };
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
    const open = { overview: openOverview, threads: loadThreads, memory: openMemory, profiling: () => {},
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
      ms = parseMetrics(await call('GET', '/ops/metrics', undefined, 'text'));
    } catch (e) { fail('Metrics', e); return; }
    const used = metric(ms, 'jvm_memory_used_bytes', { area: 'heap' });
    const committed = metric(ms, 'jvm_memory_committed_bytes', { area: 'heap' });
    const uptime = metric(ms, 'process_uptime_seconds');
    const cpu = metric(ms, 'process_cpu_seconds_total');
    const cores = metric(ms, 'jvm_available_processors') || 1;
    points.push({ t: Date.now(), used: used, committed: committed });
    if (points.length > 150) points.shift();
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

  function drawChart() {
    const c = $('heap-chart');
    const g = c.getContext('2d');
    const w = c.width, h = c.height, pad = 48;
    g.clearRect(0, 0, w, h);
    g.font = '12px system-ui, sans-serif';
    g.fillStyle = '#111';
    const max = Math.max(1, ...points.map((p) => Math.max(p.used || 0, p.committed || 0))) * 1.1;
    g.strokeStyle = '#8a8a8a';
    g.beginPath(); g.moveTo(pad, 8); g.lineTo(pad, h - 20); g.lineTo(w - 8, h - 20); g.stroke();
    g.fillText(bytes(max), 2, 16);
    g.fillText('0', pad - 12, h - 22);
    const x = (i) => pad + (points.length < 2 ? 0 : i * (w - pad - 12) / (points.length - 1));
    const y = (v) => (h - 20) - (v / max) * (h - 32);
    const line = (key, colour) => {
      g.strokeStyle = colour; g.lineWidth = 2; g.beginPath();
      points.forEach((p, i) => { if (i === 0) g.moveTo(x(i), y(p[key] || 0)); else g.lineTo(x(i), y(p[key] || 0)); });
      g.stroke();
      g.fillStyle = colour;
      points.forEach((p, i) => { g.beginPath(); g.arc(x(i), y(p[key] || 0), 2.5, 0, 2 * Math.PI); g.fill(); });
    };
    line('committed', '#6b6b6b');
    line('used', '#0b4fa8');
    c.dataset.points = String(points.length);
    const last = points[points.length - 1];
    c.setAttribute('aria-label', 'Heap used over time: ' + points.length + ' samples, latest ' + bytes(last && last.used));
  }

  async function refreshLeaks() {
    if (!can('GET /ops/leaks')) return; // not on this endpoint (or this token): nothing to show
    try {
      const r = await call('GET', '/ops/leaks');
      $('ov-leak-card').hidden = false;
      $('ov-leak').textContent = r.verdict;
      $('ov-leak-text').textContent = r.explanation || '';
    } catch (e) {
      if (e.status === 404) $('ov-leak-card').hidden = true; else fail('Leak report', e);
    }
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
    loadStored();
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

  // Stored dumps: only when this endpoint offers them (GET /ops lists the routes).
  async function loadStored() {
    if (!can('GET /ops/heapdumps')) { $('stored-box').hidden = true; return; }
    try {
      const r = await call('GET', '/ops/heapdumps');
      const list = Array.isArray(r) ? r : (r.dumps || []);
      $('stored-box').hidden = false;
      fill('stored-table', list.map((d) => {
        const actions = el('span');
        const get = el('button', 'Download');
        get.type = 'button';
        get.addEventListener('click', async () => {
          try { const f = await call('GET', '/ops/heapdumps/' + encodeURIComponent(d.id), undefined, 'blob'); save(f.blob, fileName(f.headers, d.id + '.hprof')); }
          catch (e) { fail('Download', e); }
        });
        actions.appendChild(get);
        if (can('DELETE /ops/heapdumps/{id}')) {
          const del = el('button', 'Delete');
          del.type = 'button';
          del.addEventListener('click', async () => {
            try { await call('DELETE', '/ops/heapdumps/' + encodeURIComponent(d.id)); loadStored(); }
            catch (e) { fail('Delete', e); }
          });
          actions.append(' ', del);
        }
        return row([d.id, JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'id'))), actions]);
      }));
    } catch (e) { fail('Stored dumps', e); }
  }

  async function storedDump() {
    try { await call('POST', '/ops/heapdumps'); say('Stored dump started.', 'ok'); setTimeout(loadStored, 1500); }
    catch (e) { fail('Stored dump', e); }
  }

  // ---- profiling ----------------------------------------------------------------------
  function profileQuery(format) {
    const s = Math.max(1, Math.min(300, parseInt($('prof-seconds').value, 10) || 5));
    return '/ops/profile?format=' + format + '&seconds=' + s + '&event=' + encodeURIComponent($('prof-event').value);
  }

  async function profile() {
    const b = $('prof-run');
    b.disabled = true;
    $('prof-summary').textContent = 'Profiling…';
    try {
      const text = await call('GET', profileQuery('collapsed'), undefined, 'text');
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
      $('prof-summary').textContent = total + ' samples in ' + stacks.length + ' distinct stacks; the 50 most frequent:';
      fill('prof-table', stacks.slice(0, 50).map((s) => {
        const d = el('details');
        d.appendChild(el('summary', s.frames.length + ' frames'));
        d.appendChild(el('pre', s.frames.join('\n')));
        return row([s.n, (100 * s.n / total).toFixed(1), s.frames[s.frames.length - 1], d]);
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

  function renderLoggers() {
    const q = $('logger-filter').value.trim().toLowerCase();
    fill('loggers-table', loggers.filter((l) => !q || l.name.toLowerCase().includes(q)).slice(0, 500).map((l) =>
      row([l.name, l.framework, l.configuredLevel || '–', l.effectiveLevel || '–',
        l.revertAt ? l.revertTo + ' at ' + l.revertAt : ''])));
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
      $('repl-run').disabled = false;
      $('repl-code').focus();
    } catch (e) { fail('REPL session', e); }
  }

  async function evaluate() {
    if (!replSession) return;
    const b = $('repl-run');
    b.disabled = true;
    try {
      const r = await call('POST', '/ops/repl/sessions/' + encodeURIComponent(replSession), { code: $('repl-code').value });
      const out = $('repl-result');
      out.replaceChildren();
      for (const k of ['value', 'stdout', 'stderr', 'error']) {
        if (r[k] === null || r[k] === undefined || r[k] === '') continue;
        out.appendChild(el('dt', k));
        const dd = el('dd', null, k === 'error' ? 'error' : undefined);
        dd.id = 'repl-' + k;
        dd.appendChild(el('pre', r[k]));
        out.appendChild(dd);
      }
      out.appendChild(el('dt', 'duration'));
      out.appendChild(el('dd', r.durationMs + ' ms'));
    } catch (e) { fail('Evaluation', e); } finally { b.disabled = false; }
  }

  // ---- audit --------------------------------------------------------------------------
  async function loadAudit() {
    try {
      const r = await call('GET', '/ops/audit?limit=200');
      fill('audit-table', r.records.slice().reverse().map((a) => row([a.time, a.principal,
        (a.method || '') + ' ' + (a.path || ''), a.status, a.outcome])));
    } catch (e) { fail('Audit log', e); }
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
    $('prof-run').addEventListener('click', profile);
    $('prof-html').addEventListener('click', flameGraph);
    $('logger-filter').addEventListener('input', renderLoggers);
    $('logger-form').addEventListener('submit', setLevel);
    $('repl-new').addEventListener('click', newSession);
    $('repl-run').addEventListener('click', evaluate);
    $('repl-code').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.ctrlKey) { ev.preventDefault(); evaluate(); } });
    $('audit-refresh').addEventListener('click', loadAudit);
    const token = sessionStorage.getItem(KEY);
    if (token) signIn(token);
    else $('token').focus();
  });
})();
