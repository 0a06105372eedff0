// The lab's HTML report: one self-contained page (no network, no external files) with the
// verdict, each route's diagnosis with the culprit's source, and charts drawn in the browser
// from the embedded results (report-charts.ts).
import { formatMs as ms, formatThresholdActual } from '../format.ts'
import type { LabResult, SubjectResult } from './lab-result.ts'
import { chartScript } from './report-charts.ts'

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
    row('verdict', result.subjects.map((s) => `<b class="${s.load.passed ? 'ok' : 'bad'}">${s.load.passed ? 'PASSED' : 'FAILED'}${s.expect === undefined ? '' : s.asExpected ? ' (as expected)' : ' (unexpected)'}</b>`))
  ]
  return `<table class="verdict"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function sourceBlock (s: SubjectResult, place: string | undefined): string {
  const source = place === undefined ? undefined : s.sources[place]
  if (source === undefined || place === undefined) return ''
  const line = Number(/:(\d+)$/.exec(place)?.[1])
  const rows = source.lines.map((text, i) => {
    const number = source.first + i
    return `<tr class="${number === line ? 'hit' : ''}"><td class="num">${number}</td><td><code>${escape(text)}</code></td></tr>`
  }).join('')
  return `<table class="source"><caption><code>${escape(place)}</code></caption><tbody>${rows}</tbody></table>`
}

function diagnosisSection (s: SubjectResult, index: number): string {
  const d = s.diagnosis
  const hot = s.cpu.hotLines.slice(0, 6).map((f) => `<tr><td><code>${escape(f.location)}</code></td><td><code>${escape(f.functionName)}</code></td><td class="num">${f.percent.toFixed(1)}%</td><td>${f.via === undefined ? '' : `<code>${escape(f.via)}</code>`}</td></tr>`).join('')
  const statements = s.measured.statements.slice(0, 5).map((st) => `<tr><td><code>${escape(st.sql.slice(0, 120))}</code></td><td class="num">${(st.count / Math.max(1, s.measured.requests)).toFixed(1)}</td><td class="num">${ms(st.totalMs / Math.max(1, st.count))}</td><td><code>${escape(st.site[0] ?? '')}</code></td></tr>`).join('')
  return `<section class="diagnosis ${s.role}">
  <h3>${escape(s.role)} <code>${escape(s.route)}</code> <span class="cause">${escape(d.cause)}</span></h3>
  <p class="verdict-line">${escape(d.verdict)}</p>
  ${d.culprit === undefined ? '' : `<p class="culprit">→ <code>${escape(d.culprit)}</code></p>${sourceBlock(s, d.culprit)}`}
  <ul>${d.evidence.map((e) => `<li>${escape(e)}</li>`).join('')}</ul>
  ${statements === '' ? '' : `<h4>Statements (per request, average time, issued at)</h4><table class="frames"><tbody>${statements}</tbody></table>`}
  <h4>Hottest lines of your code (CPU, with the library or builtin below them)</h4>
  <table class="frames"><tbody>${hot || '<tr><td>no application line was sampled on the CPU: the route spends its time waiting, not computing</td></tr>'}</tbody></table>
  <h4>A typical request, event by event</h4>
  <svg id="waterfall-${index}" role="img" aria-label="waterfall of a typical request"></svg>
  <h4>CPU flame graph</h4>
  <svg id="flame-${index}" role="img" aria-label="CPU flame graph"></svg>
</section>`
}

export function renderHtmlReport (result: LabResult): string {
  const data = JSON.stringify(result).replace(/</g, '\\u003c')
  const compared = result.subjects.some((s) => s.role === 'slow') && result.subjects.some((s) => s.role === 'fast')
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
  .frames td { border: 0; padding: .1rem .5rem; }
  .source { background: #f6f6f6; } .source td { border: 0; padding: 0 .5rem; } .source tr.hit { background: #ffeaa7; } .source caption { text-align: left; }
  svg { width: 100%; height: auto; background: #fafafa; margin: .5rem 0; }
  svg .grid { stroke: #e3e3e3; } svg .tick, svg .legend { font-size: 11px; fill: #555; } svg .title { font-size: 13px; font-weight: 600; }
  svg .series { fill: none; stroke-width: 2; } svg .flame-label { font-size: 10px; fill: #222; pointer-events: none; }
  svg .budget { stroke: #c0392b; stroke-dasharray: 6 4; } svg .budget-label { font-size: 11px; fill: #c0392b; }
</style>
</head>
<body>
<h1>Baseplate lab: ${escape(result.title)}</h1>
<p>${escape(result.startedAt)} · ${escape(result.service)} · shape: ${escape(result.shape)} · overall: <b class="${result.ok ? 'ok' : 'bad'}">${result.ok ? 'as expected' : 'UNEXPECTED'}</b></p>
<h2>Verdict</h2>
${verdictTable(result)}
<h2>Diagnosis</h2>
${result.subjects.map(diagnosisSection).join('\n')}
${compared ? '<h2>Slow vs fast</h2>\n<svg id="flame-diff" role="img" aria-label="CPU difference between slow and fast"></svg>' : ''}
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
