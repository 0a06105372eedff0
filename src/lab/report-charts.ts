// The charts of the HTML report, drawn in the browser from the embedded results: no library, no
// network. Latency over time and its distribution, where a request's time goes, the waterfall of a
// typical request, a CPU flame graph (icicle) per route and the slow-vs-fast difference.
export const chartScript = String.raw`
const data = JSON.parse(document.getElementById('lab-data').textContent);
const colors = { slow: '#d7263d', fast: '#1b998b', target: '#2e86de' };
const partColors = { cpu: '#fdcb6e', sql: '#6c5ce7', outbound: '#e17055', wait: '#74b9ff' };
const NS = 'http://www.w3.org/2000/svg';
function el(name, attrs, parent) { const e = document.createElementNS(NS, name); for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; }
function tip(node, text) { el('title', {}, node).textContent = text; return node; }
function fmt(ms) { return ms >= 100 ? Math.round(ms).toLocaleString('en-US') + ' ms' : ms.toFixed(ms >= 10 ? 1 : 2) + ' ms'; }
function logScale(values, h, pad) {
  const positive = values.filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...positive, 1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...positive, 10))));
  const f = (v) => pad + (h - 2 * pad) * (1 - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
  const ticks = []; for (let t = lo; t <= hi; t *= 10) ticks.push(t);
  return { f, ticks };
}
function lineChart(svg, series, xLabels, title, budgetMs) {
  const w = 720, h = 300, pad = 56;
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  const y = logScale(series.flatMap((s) => s.points.map((p) => p[1])).concat(budgetMs ? [budgetMs] : []), h, pad);
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const x = (v) => pad + (w - 2 * pad) * (v / xMax);
  el('text', { x: w / 2, y: 16, 'text-anchor': 'middle', class: 'title' }, svg).textContent = title;
  for (const t of y.ticks) {
    el('line', { x1: pad, x2: w - pad, y1: y.f(t), y2: y.f(t), class: 'grid' }, svg);
    el('text', { x: pad - 6, y: y.f(t) + 4, 'text-anchor': 'end', class: 'tick' }, svg).textContent = t >= 1000 ? (t / 1000) + ' s' : t + ' ms';
  }
  xLabels.forEach(([v, label]) => { el('text', { x: x(v), y: h - pad + 16, 'text-anchor': 'middle', class: 'tick' }, svg).textContent = label; });
  if (budgetMs) {
    el('line', { x1: pad, x2: w - pad, y1: y.f(budgetMs), y2: y.f(budgetMs), class: 'budget' }, svg);
    el('text', { x: w - pad, y: y.f(budgetMs) - 4, 'text-anchor': 'end', class: 'budget-label' }, svg).textContent = 'threshold p95 < ' + budgetMs + ' ms';
  }
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => (j === 0 ? 'M' : 'L') + x(p[0]).toFixed(1) + ',' + y.f(p[1]).toFixed(1)).join(' ');
    el('path', { d, class: 'series', stroke: s.color, 'stroke-dasharray': s.dash || '' }, svg);
    for (const p of s.points) tip(el('circle', { cx: x(p[0]), cy: y.f(p[1]), r: 2.5, fill: s.color }, svg), s.name + ': ' + fmt(p[1]));
    el('text', { x: pad + 8, y: 34 + 14 * i, class: 'legend', style: 'fill:' + s.color }, svg).textContent = s.name;
  });
  svg.dataset.drawn = String(series.reduce((n, s) => n + s.points.length, 0));
}
function legend(svg, x, y) {
  Object.entries(partColors).forEach(([name, color], i) => { el('rect', { x: x + i * 110, y, width: 10, height: 10, fill: color }, svg); el('text', { x: x + 14 + i * 110, y: y + 9, class: 'legend' }, svg).textContent = name === 'wait' ? 'waiting' : name === 'cpu' ? 'CPU' : name === 'sql' ? 'SQL' : name; });
}
function breakdown(svg, rows) {
  const w = 720, rowH = 34, pad = 150, h = 64 + rowH * rows.length;
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  el('text', { x: w / 2, y: 16, 'text-anchor': 'middle', class: 'title' }, svg).textContent = "Where a request's time goes (average per request; the parts add up to the whole)";
  legend(svg, pad, 30);
  rows.forEach((r, i) => {
    const top = 54 + i * rowH;
    el('text', { x: pad - 8, y: top + 18, 'text-anchor': 'end', class: 'tick' }, svg).textContent = r.label + ' (' + fmt(r.total) + ')';
    let left = pad;
    for (const name of Object.keys(partColors)) {
      const width = (w - pad - 20) * (r[name] / Math.max(r.total, 0.001));
      if (width <= 0) continue;
      tip(el('rect', { x: left, y: top, width, height: rowH - 10, fill: partColors[name] }, svg), name + ': ' + fmt(r[name]));
      left += width;
    }
  });
  svg.dataset.drawn = String(rows.length);
}
function waterfall(svg, timeline) {
  const events = timeline.events.slice(0, 400);
  const w = 720, rowH = 14, pad = 8, top = 40, h = top + rowH * Math.min(events.length, 60) + 30;
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  legend(svg, pad, 10);
  el('text', { x: w - pad, y: 20, 'text-anchor': 'end', class: 'tick' }, svg).textContent = 'one typical request: ' + fmt(timeline.wallMs) + ', ' + timeline.events.length + ' events';
  const x = (ms) => pad + (w - 2 * pad) * (ms / Math.max(timeline.wallMs, 0.001));
  // One row per event while they fit, then packed onto the last row.
  events.forEach((e, i) => {
    const row = Math.min(i, 59);
    tip(el('rect', { x: x(e.startMs), y: top + row * rowH, width: Math.max(1, x(e.endMs) - x(e.startMs)), height: rowH - 3, fill: partColors[e.kind] }, svg), e.kind + ' ' + fmt(e.endMs - e.startMs) + ' at ' + fmt(e.startMs) + ': ' + e.label);
  });
  svg.dataset.drawn = String(events.length);
}
function icicle(svg, root, colorOf, title) {
  const w = 720, rowH = 18, pad = 4;
  let depth = 0; (function walk(n, d) { depth = Math.max(depth, d); n.children.forEach((c) => walk(c, d + 1)); })(root, 0);
  const h = 28 + rowH * (depth + 1);
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  el('text', { x: pad, y: 14, class: 'title' }, svg).textContent = title;
  let drawn = 0;
  (function draw(n, x0, width, d) {
    if (width < 0.5) return;
    const g = el('g', {}, svg);
    tip(el('rect', { x: x0, y: 22 + d * rowH, width: Math.max(0.5, width - 0.5), height: rowH - 2, fill: colorOf(n) }, g), n.name + ' ' + n.location + ': ' + fmt(n.ms));
    if (width > 40) el('text', { x: x0 + 3, y: 22 + d * rowH + 12, class: 'flame-label' }, g).textContent = n.name.slice(0, Math.floor(width / 6.5));
    drawn++;
    let x = x0;
    for (const c of n.children) { const cw = width * (c.ms / Math.max(n.ms, 0.001)); draw(c, x, cw, d + 1); x += cw; }
  })(root, pad, w - 2 * pad, 0);
  svg.dataset.drawn = String(drawn);
}
const ownColor = (n) => n.own ? '#e17055' : n.location.startsWith('node:') || n.location === '' ? '#b2bec3' : '#fdcb6e';
function perRequestIndex(node, requests, path, index) {
  const key = path + '/' + node.name + '@' + node.location;
  index.set(key, node.ms / Math.max(1, requests));
  node.children.forEach((c) => perRequestIndex(c, requests, key, index));
  return index;
}
function diffColor(slow, fast) {
  const fastIndex = perRequestIndex(fast.cpu.flame, fast.load.requests, '', new Map());
  const paths = new Map();
  (function walk(n, path) { const key = path + '/' + n.name + '@' + n.location; paths.set(n, key); n.children.forEach((c) => walk(c, key)); })(slow.cpu.flame, '');
  return (n) => {
    const mine = n.ms / Math.max(1, slow.load.requests);
    const theirs = fastIndex.get(paths.get(n)) || 0;
    const more = Math.max(0, Math.min(1, (mine - theirs) / Math.max(mine, 0.001)));
    return 'rgb(' + Math.round(200 + 55 * more) + ',' + Math.round(200 - 150 * more) + ',' + Math.round(200 - 150 * more) + ')';
  };
}
const subjects = data.subjects;
const budget = (data.thresholds.http_req_duration || []).map((t) => /^p\(95\)<(\d+(?:\.\d+)?)$/.exec(t.replace(/\s/g, ''))).find(Boolean);
lineChart(document.getElementById('timeline'), subjects.flatMap((s) => [
  { name: s.role + ' p95', color: colors[s.role], points: s.load.timeline.filter((p) => p.requests > 0).map((p) => [p.second, p.p95Ms]) },
  { name: s.role + ' p50', color: colors[s.role], dash: '4 3', points: s.load.timeline.filter((p) => p.requests > 0).map((p) => [p.second, p.p50Ms]) }
]), Array.from({ length: 1 + Math.max(...subjects.map((s) => s.load.timeline.length)) }, (_, i) => [i, i + ' s']), 'Latency over time (per second, log scale)', budget ? Number(budget[1]) : undefined);
const pct = subjects[0].load.distribution.map((d) => d.percentile);
lineChart(document.getElementById('distribution'), subjects.map((s) => ({ name: s.role, color: colors[s.role], points: s.load.distribution.map((d, i) => [i, d.ms]) })), pct.map((p, i) => [i, 'p' + p]), 'Latency distribution (log scale)', budget ? Number(budget[1]) : undefined);
breakdown(document.getElementById('breakdown'), subjects.map((s) => ({ label: s.role, total: s.perRequest.wall, cpu: s.perRequest.cpu, sql: s.perRequest.sql, outbound: s.perRequest.outbound, wait: s.perRequest.wait })));
subjects.forEach((s, i) => {
  const timeline = document.getElementById('waterfall-' + i);
  if (timeline && s.measured.timeline) waterfall(timeline, s.measured.timeline);
  const flame = document.getElementById('flame-' + i);
  if (flame) icicle(flame, s.cpu.flame, ownColor, 'CPU of the whole window while ' + s.route + ' was loaded (' + fmt(s.cpu.busyMs) + ' busy; your code in orange)');
});
const slow = subjects.find((s) => s.role === 'slow'), fast = subjects.find((s) => s.role === 'fast');
const diff = document.getElementById('flame-diff');
if (diff && slow && fast) icicle(diff, slow.cpu.flame, diffColor(slow, fast), 'Slow vs fast: the slow route\'s CPU, redder where it spends more per request than the fast route');
document.body.dataset.chartsDrawn = 'true';
`
