// chargebay operator page: plain JavaScript, no build step. Reads /api, listens to the server-sent
// event streams, and offers the operator's actions to users whose login allows them.
'use strict';

const PAGE_HEADER = { 'X-Chargebay-Page': '1' };
const state = { me: { name: null, roles: [], anonymousRead: false }, bays: new Map(), open: null,
  statusSource: null, eventSource: null, traceTimer: null };

// ---- plain words for the journal's codes ------------------------------------------------------

const REASONS = {
  CELL_OVER_VOLTAGE: 'a cell rose above the ceiling plus the safety margin',
  SUPPLY_OVER_SETPOINT: 'the supply put out more voltage than it was told to',
  OVER_CURRENT: 'the current was above the profile\'s current plus the margin',
  OUTPUT_NOT_OFF: 'the supply output stayed on (or kept delivering current) after it was switched off',
  SUPPLY_PROTECTION_TRIPPED: 'the supply\'s own over-voltage/over-current/over-temperature protection tripped',
  BMS_STALE: 'the BMS stopped answering while charging',
  SUPPLY_STALE: 'the supply stopped answering while charging',
  CELL_IMPLAUSIBLE: 'a cell reading was outside the plausible range (sense lead or board fault)',
  CELL_COUNT_MISMATCH: 'the BMS reports another number of cells than the profile',
  PACK_SUM_IMPLAUSIBLE: 'the sum of the cells disagrees with the pack voltage',
  CHARGE_FET_OPENED: 'the BMS opened its charge switch on its own while charging',
  HARDWARE_LIMITS_NOT_SET: 'the supply\'s own voltage/current limits could not be set at the start',
  LOOP_STALLED: 'the bay\'s control loop stalled and the watchdog cut it',
  OVER_TEMPERATURE: 'a temperature was above the chemistry\'s charge maximum',
  NO_TAPER: 'the current did not taper with the highest cell at the ceiling',
  CHARGE_BUDGET_EXCEEDED: 'the session charged more than the pack\'s capacity allows',
  CHARGE_TIME_EXCEEDED: 'the session charged for longer than its maximum time',
  SETPOINT_MISMATCH: 'the supply read back another setpoint than it was told',
  SUPPLY_BMS_MISMATCH: 'the supply and the BMS disagreed on voltage or current',
  BMS_FROZEN: 'the BMS kept repeating the same reading while current flowed',
  BMS_DROPOUT: 'the BMS did not answer while charging',
  BMS_REBOOTED: 'the BMS restarted (its counters went back)',
  BMS_ALARM: 'the BMS raised an over-voltage, over-temperature or over-current alarm',
  ALARMS_FLAPPING: 'the BMS alarms came and went again and again (sense lead or board)',
  PACK_OVER_VOLTAGE: 'the pack voltage (read by the supply: this bay has no BMS) rose above the pack ceiling plus the margin',
};

function volts(mv) { return (mv / 1000).toFixed(3) + ' V'; }
function amps(ma) { return (ma / 1000).toFixed(2) + ' A'; }
function fmt(v, digits, unit) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits) + ' ' + unit; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function say(text) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.hidden = !text;
}

// ---- API -----------------------------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { ...PAGE_HEADER } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    const reason = json && json.reason ? json.reason : r.status + ' ' + r.statusText;
    const err = new Error(reason);
    err.status = r.status;
    throw err;
  }
  return json;
}

function canOperate() { return state.me.roles.includes('operator'); }

// ---- login -------------------------------------------------------------------------------

async function loadMe() {
  state.me = await api('GET', '/api/session');
  document.getElementById('user-name').textContent =
    state.me.name ? state.me.name + ' (' + topRole(state.me.roles) + ')' : '';
  document.getElementById('logout').hidden = !state.me.name;
  document.getElementById('login-form').hidden = !!state.me.name;
}

function topRole(roles) {
  return ['admin', 'operator', 'viewer'].find(r => roles.includes(r)) || 'no role';
}

async function login(ev) {
  ev.preventDefault();
  const name = document.getElementById('login-name').value;
  const password = document.getElementById('login-password').value;
  try {
    await api('POST', '/api/session', { name, password });
    document.getElementById('login-password').value = '';
    say('');
    await restart();
  } catch (e) {
    say('Login failed: ' + e.message);
  }
}

async function logout() {
  await api('DELETE', '/api/session');
  await restart();
}

// ---- the grid ------------------------------------------------------------------------------

function card(s) {
  const ceiling = s.ceilingVolts;
  const high = s.cellMaxVolts;
  const share = high === null || high === undefined ? 0 : Math.min(1, Math.max(0, (high - 3.0) / (ceiling - 3.0)));
  const meter = el('div', { class: 'meter' + (high > ceiling ? ' over' : high > ceiling - 0.02 ? ' near' : ''),
    title: 'highest cell against the ceiling' }, el('span', { style: 'width:' + (share * 100).toFixed(1) + '%' }));
  const title = el('h2', {}, el('span', { class: 'bay-id' }, s.id),
    s.fault ? el('span', { class: 'fault-badge', title: s.fault }, 'FAULT') : null);
  return el('article', { class: 'bay-card' + (s.fault ? ' faulted' : ''), 'data-bay': s.id,
    onclick: () => { location.hash = '#bay/' + encodeURIComponent(s.id); } },
    title,
    el('div', { class: 'phase' }, s.phase),
    el('dl', { class: 'readings' },
      el('dt', {}, 'Pack'), el('dd', { class: 'pack-volts' }, fmt(s.packVolts, 2, 'V')),
      el('dt', {}, 'Current'), el('dd', { class: 'current' }, fmt(s.currentAmps, 2, 'A')),
      el('dt', {}, 'Highest cell'), el('dd', { class: 'cell-max' },
        fmt(high, 3, 'V') + ' / ' + Number(ceiling).toFixed(3) + ' V')),
    meter);
}

function renderBay(s) {
  state.bays.set(s.id, s);
  const grid = document.getElementById('grid');
  const fresh = card(s);
  const old = grid.querySelector('[data-bay="' + CSS.escape(s.id) + '"]');
  if (old) old.replaceWith(fresh); else grid.append(fresh);
  document.getElementById('grid-empty').hidden = state.bays.size > 0;
  if (state.open === s.id) renderSummary(s);
}

async function loadGrid() {
  document.getElementById('grid').replaceChildren();
  state.bays.clear();
  try {
    const list = await api('GET', '/api/bays');
    list.forEach(renderBay);
    document.getElementById('grid-empty').hidden = list.length > 0;
  } catch (e) {
    document.getElementById('grid-empty').hidden = false;
    if (e.status !== 401) say('Cannot read the bays: ' + e.message);
    return false;
  }
  return true;
}

function listenStatus() {
  if (state.statusSource) state.statusSource.close();
  const src = new EventSource('/api/bays/stream', { withCredentials: true });
  const live = document.getElementById('live');
  src.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
  src.onerror = () => { live.textContent = 'reconnecting'; live.className = 'live off'; };
  src.addEventListener('status', ev => renderBay(JSON.parse(ev.data)));
  state.statusSource = src;
}

// ---- the detail view -------------------------------------------------------------------------

function renderSummary(s) {
  const box = document.getElementById('detail-summary');
  box.replaceChildren(...[
    el('div', {}, 'Phase: ', el('strong', { id: 'detail-phase' }, s.phase)),
    el('div', {}, 'Pack: ' + fmt(s.packVolts, 2, 'V')),
    el('div', {}, 'Current: ' + fmt(s.currentAmps, 2, 'A')),
    el('div', {}, 'Cells: ' + fmt(s.cellMinVolts, 3, 'V') + ' – ' + fmt(s.cellMaxVolts, 3, 'V')),
    el('div', {}, 'Charged: ' + Number(s.ampHours).toFixed(2) + ' Ah, ' + Number(s.wattHours).toFixed(1) + ' Wh'),
    s.fault ? el('div', { class: 'fault-badge' }, 'Fault: ' + s.fault) : null,
    s.lastRefusal ? el('div', {}, 'Last refusal: ' + s.lastRefusal) : null].filter(c => c !== null));
  renderActions(s);
}

function renderActions(s) {
  const box = document.getElementById('actions');
  // rebuilt only when the choice of actions changes, so that typing is not lost on every update
  const key = [s.id, s.phase, s.fault, state.me.roles.join()].join('|');
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  if (!canOperate()) { box.replaceChildren(); return; }
  const id = s.id;
  const act = async (label, fn) => {
    try { await fn(); say(label + ': done'); } catch (e) { say(label + ' refused: ' + e.message); }
  };
  const ceiling = el('input', { id: 'start-ceiling', type: 'number', step: '0.01', min: '2.0', max: '4.2',
    placeholder: Number(s.ceilingVolts).toFixed(2), 'aria-label': 'cell ceiling (V)' });
  const current = el('input', { id: 'start-current', type: 'number', step: '0.1', min: '0.1',
    placeholder: 'A', 'aria-label': 'current (A)' });
  const note = el('input', { id: 'ack-note', placeholder: 'what was checked', 'aria-label': 'note' });
  const reason = el('input', { id: 'stop-reason', placeholder: 'reason', 'aria-label': 'reason' });
  const charging = ['CC', 'CV', 'SUSPENDED'].includes(s.phase);
  const children = [];
  if (s.fault) {
    children.push(note, el('button', { class: 'primary action-ack', onclick: () => act('Acknowledge', () =>
      api('POST', '/api/bays/' + encodeURIComponent(id) + '/acknowledge', { note: note.value })) }, 'Acknowledge fault'));
  } else if (charging) {
    children.push(reason, el('button', { class: 'danger action-stop', onclick: () => act('Stop', () =>
      api('POST', '/api/bays/' + encodeURIComponent(id) + '/stop', reason.value ? { reason: reason.value } : {})) }, 'Stop'));
    const newCeiling = el('input', { id: 'new-ceiling', type: 'number', step: '0.01', min: '2.0', max: '4.2',
      placeholder: Number(s.ceilingVolts).toFixed(2), 'aria-label': 'new ceiling (V)' });
    children.push(el('label', {}, 'Ceiling ', newCeiling), el('button', { class: 'action-ceiling', onclick: () =>
      act('Ceiling', () => api('POST', '/api/bays/' + encodeURIComponent(id) + '/ceiling',
        { cellCeilingVolts: Number(newCeiling.value) })) }, 'Set ceiling'));
  } else {
    const profile = {};
    children.push(el('label', {}, 'Ceiling ', ceiling), el('label', {}, 'Current ', current),
      el('button', { class: 'primary action-start', onclick: () => {
        if (ceiling.value) profile.cellCeilingVolts = Number(ceiling.value);
        if (current.value) profile.currentAmps = Number(current.value);
        act('Start', () => api('POST', '/api/bays/' + encodeURIComponent(id) + '/start', profile));
      } }, 'Start'));
  }
  box.replaceChildren(...children);
}

function svgEl(tag, attrs) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function renderCells(cells, ceilingVolts) {
  const svg = document.getElementById('cells');
  svg.replaceChildren();
  if (!cells.length) return;
  const lo = 2.5, hi = Math.max(4.3, ceilingVolts + 0.1), h = 180, w = 400;
  const y = v => 10 + h - (v - lo) / (hi - lo) * h;
  const bw = w / cells.length;
  cells.forEach((mv, i) => {
    const v = mv / 1000;
    svg.append(svgEl('rect', { x: (i * bw + 1).toFixed(1), y: y(v).toFixed(1), width: Math.max(1, bw - 2).toFixed(1),
      height: (10 + h - y(v)).toFixed(1), fill: v > ceilingVolts ? '#b3261e' : '#1b7f3b', class: 'cell-bar' }));
  });
  svg.append(svgEl('line', { x1: 0, x2: w, y1: y(ceilingVolts), y2: y(ceilingVolts), stroke: '#b3261e',
    'stroke-dasharray': '6 4', class: 'ceiling-line' }));
}

function renderVi(points) {
  const svg = document.getElementById('vi');
  svg.replaceChildren();
  if (points.length < 2) return;
  const t0 = points[0][0], t1 = points[points.length - 1][0] || t0 + 1;
  const x = t => ((t - t0) / Math.max(1, t1 - t0) * 400).toFixed(1);
  const line = (idx, color) => {
    const vals = points.map(p => p[idx]);
    const lo = Math.min(...vals), hi = Math.max(...vals), span = hi - lo || 1;
    const pts = points.map(p => x(p[0]) + ',' + (190 - (p[idx] - lo) / span * 180).toFixed(1)).join(' ');
    svg.append(svgEl('polyline', { points: pts, fill: 'none', stroke: color, 'stroke-width': 2 }));
  };
  line(1, '#0a63c9');
  line(2, '#d9730d');
}

async function loadTrace(id) {
  try {
    const t = await api('GET', '/api/bays/' + encodeURIComponent(id) + '/trace');
    const s = state.bays.get(id);
    renderCells(t.cellMillivolts, s ? s.ceilingVolts : 4.2);
    renderVi(t.points);
  } catch (e) { /* the next refresh tries again */ }
}

function describe(ev) {
  const d = ev.data;
  switch (ev.type) {
    case 'ChargeStarted': return 'Charge started: ' + d.profile.cellCount + ' cells to ' +
      volts(d.profile.cellCeilingMillivolts) + ' per cell at ' + amps(d.profile.chargeCurrentMilliamps);
    case 'PhaseChanged': return 'Phase ' + d.from + ' → ' + d.to;
    case 'ChargeStopped': return 'Stopped by ' + d.by + ': ' + d.reason;
    case 'FaultAcknowledged': return 'Fault acknowledged by ' + d.operator + (d.note ? ': ' + d.note : '');
    case 'CutOff': return 'Cut off: ' + (REASONS[d.reason] || d.reason);
    case 'FaultLatched': return 'Fault latched' + (d.reason ? ': ' + (REASONS[d.reason] || d.reason) : '');
    case 'ChargeCompleted': return 'Charge complete';
    case 'StartRefused': return 'Start refused: ' + d.reason + (d.detail ? ' (' + d.detail + ')' : '');
    case 'SetpointChanged': return 'Supply set to ' + volts(d.millivolts) + ', ' + amps(d.milliamps);
    default: return ev.type;
  }
}

function cutoffInWords(ev) {
  const d = ev.data, e = d.evidence || {};
  const parts = [el('strong', {}, 'Why the charge was cut off: '), REASONS[d.reason] || d.reason, '.'];
  if (d.detail) parts.push(' ', d.detail + '.');
  if (e.bms) {
    const cells = e.bms.cellMillivolts || [];
    const max = Math.max(...cells), at = cells.indexOf(max) + 1;
    parts.push(el('br'), 'The BMS said: pack ' + volts(e.bms.packMillivolts) + ', ' + amps(e.bms.currentMilliamps) +
      (cells.length ? ', highest cell ' + volts(max) + ' (cell ' + at + ' of ' + cells.length + ')' : '') +
      ', charge switch ' + (e.bms.chargeFet ? 'on' : 'off') + '.');
  }
  if (e.supply) {
    parts.push(el('br'), 'The supply said: set to ' + volts(e.supply.setMillivolts) + ' / ' + amps(e.supply.setMilliamps) +
      ', putting out ' + volts(e.supply.outMillivolts) + ' / ' + amps(e.supply.outMilliamps) +
      ', output ' + (e.supply.outputOn ? 'on' : 'off') + '.');
  }
  if (d.actions && d.actions.length) parts.push(el('br'), 'What was done: ' + d.actions.join(', ') + '.');
  parts.push(el('br'), 'At ' + new Date(ev.occurredAt).toLocaleString() + '.');
  return parts;
}

function listenEvents(id) {
  if (state.eventSource) state.eventSource.close();
  const list = document.getElementById('timeline');
  list.replaceChildren();
  const cut = document.getElementById('cutoff');
  cut.hidden = true;
  const src = new EventSource('/api/bays/' + encodeURIComponent(id) + '/events/stream', { withCredentials: true });
  src.addEventListener('journal', msg => {
    const ev = JSON.parse(msg.data);
    const bad = ev.type === 'CutOff' || ev.type === 'FaultLatched' || ev.type === 'StartRefused';
    list.prepend(el('li', { class: bad ? 'bad' : '', 'data-seq': ev.sequence },
      el('time', {}, new Date(ev.occurredAt).toLocaleTimeString()), describe(ev)));
    if (ev.type === 'CutOff') { cut.replaceChildren(...cutoffInWords(ev)); cut.hidden = false; }
    if (ev.type === 'ChargeStarted') cut.hidden = true;
  });
  state.eventSource = src;
}

function openBay(id) {
  state.open = id;
  delete document.getElementById('actions').dataset.key;
  document.getElementById('grid-view').hidden = true;
  document.getElementById('detail-view').hidden = false;
  document.getElementById('detail-title').textContent = 'Bay ' + id;
  const s = state.bays.get(id);
  if (s) renderSummary(s);
  listenEvents(id);
  loadTrace(id);
  clearInterval(state.traceTimer);
  state.traceTimer = setInterval(() => loadTrace(id), 2000);
}

function closeBay() {
  state.open = null;
  clearInterval(state.traceTimer);
  if (state.eventSource) { state.eventSource.close(); state.eventSource = null; }
  document.getElementById('grid-view').hidden = false;
  document.getElementById('detail-view').hidden = true;
}

function route() {
  const m = location.hash.match(/^#bay\/(.+)$/);
  if (m) openBay(decodeURIComponent(m[1])); else closeBay();
}

// ---- the site plan -----------------------------------------------------------------------------

async function loadPlan() {
  const box = document.getElementById('plan');
  let p;
  try { p = await api('GET', '/api/plan'); } catch (e) { box.hidden = true; return; }
  if (!p || !p.enabled) { box.hidden = true; return; }
  box.hidden = false;
  renderPlan(p);
}

function renderPlan(p) {
  const meter = p.meter.state === 'none' ? 'no meter'
    : 'meter ' + (p.meter.kw === null ? '–' : p.meter.kw + ' kW') + ' (' + p.meter.state + ')';
  document.getElementById('plan-summary').textContent =
    'cap ' + p.capKw + ' kW' + (p.plannedCapKw !== p.capKw ? ', planned under ' + p.plannedCapKw + ' kW' : '')
    + ', ' + meter + (p.peakKw !== undefined ? ', peak ' + p.peakKw + ' kW' : '') + ', policy ' + p.policy
    + (p.reason ? ' — ' + p.reason : '');
  const svg = document.getElementById('plan-timeline');
  svg.replaceChildren();
  const bays = p.bays || [];
  const rowH = 22, top = 18, left = 90, w = 800 - left - 10;
  const height = top + Math.max(1, bays.length) * rowH + 50;
  svg.setAttribute('viewBox', '0 0 800 ' + height);
  const t0 = Date.parse(p.start || p.now || new Date().toISOString());
  let t1 = t0 + 3600e3;
  for (const b of bays) {
    if (b.departure) t1 = Math.max(t1, Date.parse(b.departure));
    for (const s of b.slots) t1 = Math.max(t1, Date.parse(s.to));
  }
  const x = t => (left + (t - t0) / (t1 - t0) * w).toFixed(1);
  const hour = 3600e3;
  for (let t = Math.ceil(t0 / hour) * hour; t <= t1; t += hour * Math.max(1, Math.round((t1 - t0) / hour / 8))) {
    svg.append(svgEl('line', { x1: x(t), x2: x(t), y1: top - 4, y2: height - 46, stroke: '#ddd' }));
    const label = svgEl('text', { x: x(t), y: top - 6, 'font-size': 10, 'text-anchor': 'middle', fill: '#666' });
    label.textContent = new Date(t).toISOString().slice(11, 16);
    svg.append(label);
  }
  const maxA = Math.max(0.001, ...bays.flatMap(b => b.slots.map(s => Number(s.amps))));
  bays.forEach((b, i) => {
    const y = top + i * rowH;
    const late = b.meetsTarget === false; // a site shared through Kafka has no expectation
    const row = svgEl('g', { class: 'plan-row' + (late ? ' infeasible' : ''), 'data-bay': b.id });
    const name = svgEl('text', { x: 4, y: y + 14, 'font-size': 12 });
    name.textContent = b.id + ' ' + (b.expectedSocAtDeparture !== undefined
      ? b.expectedSocAtDeparture + '/' + b.targetSocPct + '%' : b.allocationAmps + ' A');
    row.append(name);
    for (const s of b.slots) {
      const hgt = Math.max(2, Number(s.amps) / maxA * (rowH - 6));
      const r = svgEl('rect', { x: x(Date.parse(s.from)), y: (y + rowH - 3 - hgt).toFixed(1),
        width: Math.max(1, x(Date.parse(s.to)) - x(Date.parse(s.from))).toFixed(1), height: hgt.toFixed(1),
        fill: late ? '#b3261e' : '#1b7f3b', class: 'plan-slot' });
      const tip = svgEl('title', {});
      tip.textContent = b.id + ': ' + (s.amps === null ? 'fallback' : s.amps + ' A (' + s.kw + ' kW)') + ' ' + s.from.slice(11, 16) + '–'
        + s.to.slice(11, 16) + ', ' + s.reason;
      r.append(tip);
      row.append(r);
    }
    if (b.departure) row.append(svgEl('line', { x1: x(Date.parse(b.departure)), x2: x(Date.parse(b.departure)), y1: y + 2,
      y2: y + rowH - 2, stroke: late ? '#b3261e' : '#0a63c9', 'stroke-width': 2, class: 'plan-departure' }));
    svg.append(row);
  });
  // the site's planned power per step under the cap
  const base = height - 6, span = 36, cap = Number(p.capKw) || 1;
  const stepMs = p.stepMinutes * 60e3;
  (p.siteKw || []).forEach((kw, i) => {
    const hgt = Math.min(span, Number(kw) / cap * span);
    svg.append(svgEl('rect', { x: x(t0 + i * stepMs), y: (base - hgt).toFixed(1),
      width: Math.max(0.5, x(t0 + (i + 1) * stepMs) - x(t0 + i * stepMs)).toFixed(1), height: hgt.toFixed(1),
      fill: '#0a63c9', opacity: 0.5, class: 'plan-site' }));
  });
  svg.append(svgEl('line', { x1: left, x2: left + w, y1: base - span, y2: base - span, stroke: '#b3261e',
    'stroke-dasharray': '6 4', class: 'plan-cap' }));
  const capLabel = svgEl('text', { x: 4, y: base - span + 4, 'font-size': 11, fill: '#b3261e' });
  capLabel.textContent = 'cap ' + p.capKw + ' kW';
  svg.append(capLabel);
  const inf = document.getElementById('plan-infeasible');
  inf.hidden = !(p.infeasible && p.infeasible.length);
  inf.textContent = p.infeasible && p.infeasible.length
    ? 'Will miss their departure: ' + bays.filter(b => !b.meetsTarget)
      .map(b => b.id + ' (' + b.expectedSocAtDeparture + ' % of ' + b.targetSocPct + ' % by '
        + b.departure.slice(11, 16) + ')').join(', ')
    : '';
}

async function restart() {
  await loadMe();
  const ok = await loadGrid();
  if (ok) {
    loadPlan();
    if (!state.planTimer) state.planTimer = setInterval(loadPlan, 10000);
  }
  if (ok) listenStatus();
  else if (state.statusSource) { state.statusSource.close(); state.statusSource = null; }
  route();
}

document.getElementById('login-form').addEventListener('submit', login);
document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);
restart();
