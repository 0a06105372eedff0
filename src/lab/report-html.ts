// The lab's HTML report: one self-contained page (no network, no external files) with the
// verdict, the diagnosis and its evidence, charts drawn in the browser from embedded data,
// and the hottest CPU frames.
import { formatMs as ms, formatThresholdActual } from '../format.ts'
import type { LabResult } from './lab-result.ts'

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function verdictTable (result: LabResult): string {
  const head = result.subjects.map((s) => `<th class="${s.role}">${escape(s.role)}<br><code>${escape(s.route)}</code></th>`).join('')
  const row = (label: string, cells: string[]): string => `<tr><th>${escape(label)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
  const rows = [
    row('requests', result.subjects.map((s) => `${s.load.requests} (${s.load.requestsPerSecond.toFixed(1)}/s)`)),
    row('p50', result.subjects.map((s) => ms(s.load.latency.medMs))),
    row('p95', result.subjects.map((s) => ms(s.load.latency.p95Ms))),
    row('p99', result.subjects.map((s) => ms(s.load.latency.p99Ms))),
    row('errors', result.subjects.map((s) => String(s.load.failed))),
    ...(result.subjects[0]?.load.thresholds ?? []).map((t, i) => row(`${t.metric} ${t.expression}`, result.subjects.map((s) => {
      const r = s.load.thresholds[i]!
      return `<span class="${r.ok ? 'ok' : 'bad'}">${r.ok ? '✓' : '✗'} ${formatThresholdActual(r)}</span>`
    }))),
    row('verdict', result.subjects.map((s) => `<b class="${s.asExpected ? 'ok' : 'bad'}">${s.load.passed ? 'PASSED' : 'FAILED'}${s.expect === undefined ? '' : s.asExpected ? ' (as expected)' : ' (unexpected)'}</b>`))
  ]
  return `<table class="verdict"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function diagnosisSection (result: LabResult): string {
  return result.subjects.map((s) => {
    const d = s.diagnosis
    const frames = s.profile.topOwn.slice(0, 8).map((f) => `<tr><td><code>${escape(f.functionName)}</code></td><td><code>${escape(f.location)}</code></td><td class="num">${f.percent.toFixed(1)}%</td><td><div class="bar" style="width:${Math.min(100, f.percent).toFixed(1)}%"></div></td></tr>`).join('')
    return `<section class="diagnosis ${s.role}">
  <h3>${escape(s.role)} <code>${escape(s.route)}</code> <span class="cause">${escape(d.cause)}</span></h3>
  <p class="verdict-line">${escape(d.verdict)}</p>
  ${d.culprit === undefined ? '' : `<p class="culprit">→ <code>${escape(d.culprit)}</code></p>`}
  <ul>${d.evidence.map((e) => `<li>${escape(e)}</li>`).join('')}</ul>
  <h4>Hottest frames of the application's own code (CPU self time attributed to the nearest own frame)</h4>
  <table class="frames"><tbody>${frames || '<tr><td>no own frames sampled: the route spends its time waiting, not computing</td></tr>'}</tbody></table>
  <p class="file">CPU profile: <a href="${escape(s.profileFile)}">${escape(s.profileFile)}</a> (open in Chrome DevTools → Performance, or speedscope)</p>
</section>`
  }).join('\n')
}

/** Draws the charts from the embedded data; runs in the browser, no libraries. */
const chartScript = String.raw`
const data = JSON.parse(document.getElementById('lab-data').textContent);
const colors = { slow: '#d7263d', fast: '#1b998b', target: '#2e86de' };
const NS = 'http://www.w3.org/2000/svg';
function el(name, attrs, parent) { const e = document.createElementNS(NS, name); for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; }
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
  const all = series.flatMap((s) => s.points.map((p) => p[1])).concat(budgetMs ? [budgetMs] : []);
  const y = logScale(all, h, pad);
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const x = (v) => pad + (w - 2 * pad) * (v / xMax);
  el('text', { x: w / 2, y: 16, 'text-anchor': 'middle', class: 'title' }, svg).textContent = title;
  for (const t of y.ticks) {
    el('line', { x1: pad, x2: w - pad, y1: y.f(t), y2: y.f(t), class: 'grid' }, svg);
    el('text', { x: pad - 6, y: y.f(t) + 4, 'text-anchor': 'end', class: 'tick' }, svg).textContent = t >= 1000 ? (t / 1000) + ' s' : t + ' ms';
  }
  xLabels.forEach(([v, label]) => el('text', { x: x(v), y: h - pad + 16, 'text-anchor': 'middle', class: 'tick' }, svg).textContent = label);
  if (budgetMs) {
    el('line', { x1: pad, x2: w - pad, y1: y.f(budgetMs), y2: y.f(budgetMs), class: 'budget' }, svg);
    el('text', { x: w - pad, y: y.f(budgetMs) - 4, 'text-anchor': 'end', class: 'budget-label' }, svg).textContent = 'threshold p95 < ' + budgetMs + ' ms';
  }
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => (j === 0 ? 'M' : 'L') + x(p[0]).toFixed(1) + ',' + y.f(p[1]).toFixed(1)).join(' ');
    el('path', { d, class: 'series', stroke: s.color, 'stroke-dasharray': s.dash || '' }, svg);
    for (const p of s.points) el('title', {}, el('circle', { cx: x(p[0]), cy: y.f(p[1]), r: 2.5, fill: s.color }, svg)).textContent = s.name + ': ' + p[1].toFixed(2) + ' ms';
    el('text', { x: pad + 8, y: 34 + 14 * i, class: 'legend', style: 'fill:' + s.color }, svg).textContent = s.name;
  });
  svg.dataset.drawn = String(series.reduce((n, s) => n + s.points.length, 0));
}
function stackedBars(svg, rows) {
  const w = 720, rowH = 34, pad = 150, h = 64 + rowH * rows.length;
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  el('text', { x: w / 2, y: 16, 'text-anchor': 'middle', class: 'title' }, svg).textContent = "Where a request's time goes (average per request, server side)";
  const parts = [['db', '#6c5ce7'], ['outbound', '#e17055'], ['blocked', '#fdcb6e'], ['other', '#b2bec3']];
  parts.forEach(([name, color], i) => { el('rect', { x: pad + i * 140, y: 30, width: 10, height: 10, fill: color }, svg); el('text', { x: pad + 14 + i * 140, y: 39, class: 'legend' }, svg).textContent = name === 'blocked' ? 'event loop stalled' : name; });
  rows.forEach((r, i) => {
    const top = 54 + i * rowH;
    el('text', { x: pad - 8, y: top + 18, 'text-anchor': 'end', class: 'tick' }, svg).textContent = r.label + ' (' + r.total.toFixed(1) + ' ms)';
    let left = pad;
    const values = { db: r.db, outbound: r.outbound, blocked: r.blocked, other: Math.max(0, r.total - r.db - r.outbound - r.blocked) };
    for (const [name, color] of parts) {
      const width = (w - pad - 20) * (values[name] / Math.max(r.total, values.db + values.outbound + values.blocked, 0.001));
      if (width <= 0) continue;
      el('title', {}, el('rect', { x: left, y: top, width, height: rowH - 10, fill: color }, svg)).textContent = name + ': ' + values[name].toFixed(2) + ' ms';
      left += width;
    }
  });
  svg.dataset.drawn = String(rows.length);
}
const subjects = data.subjects;
const budget = (data.thresholds.http_req_duration || []).map((t) => /^p\(95\)<(\d+(?:\.\d+)?)$/.exec(t.replace(/\s/g, ''))).find(Boolean);
lineChart(document.getElementById('timeline'), subjects.flatMap((s) => [
  { name: s.role + ' p95', color: colors[s.role], points: s.load.timeline.filter((p) => p.requests > 0).map((p) => [p.second, p.p95Ms]) },
  { name: s.role + ' p50', color: colors[s.role], dash: '4 3', points: s.load.timeline.filter((p) => p.requests > 0).map((p) => [p.second, p.p50Ms]) }
]), Array.from({ length: 1 + Math.max(...subjects.map((s) => s.load.timeline.length)) }, (_, i) => [i, i + ' s']), 'Latency over time (per second, log scale)', budget ? Number(budget[1]) : undefined);
const pct = subjects[0].load.distribution.map((d) => d.percentile);
lineChart(document.getElementById('distribution'), subjects.map((s) => ({ name: s.role, color: colors[s.role], points: s.load.distribution.map((d, i) => [i, d.ms]) })), pct.map((p, i) => [i, 'p' + p]), 'Latency distribution (log scale)', budget ? Number(budget[1]) : undefined);
stackedBars(document.getElementById('breakdown'), subjects.map((s) => ({ label: s.role, total: s.perRequest.total, db: s.perRequest.db, outbound: s.perRequest.outbound, blocked: s.perRequest.blocked })));
document.body.dataset.chartsDrawn = 'true';
`

export function renderHtmlReport (result: LabResult): string {
  const data = JSON.stringify(result).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baseplate lab: ${escape(result.title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.5rem; } code { font: 13px ui-monospace, monospace; }
  .ok { color: #1b7f4b; } .bad { color: #c0392b; }
  table { border-collapse: collapse; margin: 1rem 0; } th, td { padding: .3rem .7rem; text-align: left; border-bottom: 1px solid #eee; }
  .verdict td { font-variant-numeric: tabular-nums; } .num { text-align: right; }
  th.slow { color: #d7263d; } th.fast { color: #1b998b; } th.target { color: #2e86de; }
  .diagnosis { border-left: 4px solid #ccc; padding: .2rem 1rem; margin: 1.5rem 0; }
  .diagnosis.slow { border-color: #d7263d; } .diagnosis.fast { border-color: #1b998b; } .diagnosis.target { border-color: #2e86de; }
  .verdict-line { font-weight: 600; } .culprit { font-size: 1.1rem; } .cause { font-size: .8rem; background: #eee; padding: .1rem .4rem; border-radius: 3px; }
  .frames td { border: 0; padding: .1rem .5rem; } .bar { height: 10px; background: #e17055; min-width: 1px; }
  svg { width: 100%; height: auto; background: #fafafa; margin: .5rem 0; }
  svg .grid { stroke: #e3e3e3; } svg .tick, svg .legend { font-size: 11px; fill: #555; } svg .title { font-size: 13px; font-weight: 600; }
  svg .series { fill: none; stroke-width: 2; }
  svg .budget { stroke: #c0392b; stroke-dasharray: 6 4; } svg .budget-label { font-size: 11px; fill: #c0392b; }
</style>
</head>
<body>
<h1>Baseplate lab: ${escape(result.title)}</h1>
<p>${escape(result.startedAt)} · shape: ${escape(result.shape)} · overall: <b class="${result.ok ? 'ok' : 'bad'}">${result.ok ? 'as expected' : 'UNEXPECTED'}</b></p>
<h2>Verdict</h2>
${verdictTable(result)}
<h2>Diagnosis</h2>
${diagnosisSection(result)}
<h2>Charts</h2>
<svg id="timeline" role="img" aria-label="latency over time"></svg>
<svg id="distribution" role="img" aria-label="latency distribution"></svg>
<svg id="breakdown" role="img" aria-label="where a request's time goes"></svg>
<script type="application/json" id="lab-data">${data}</script>
<script>${chartScript}</script>
</body>
</html>
`
}
