// Compares two runner results: a Markdown table of the deltas, with a verdict that ignores
// changes inside the noise band.
import { formatMs } from '../format.ts'
import type { LoadRunResult } from './run.ts'

interface Metric {
  name: string
  value: (r: LoadRunResult) => number
  /** true when a larger value is worse (latency); false when larger is better (throughput). */
  higherIsWorse: boolean
  unit: string
  /** Changes smaller than this, in the metric's unit, are noise whatever their percentage. */
  floor: number
}

const metrics: Metric[] = [
  { name: 'p50', value: (r) => r.latency.medMs, higherIsWorse: true, unit: 'ms', floor: 1 },
  { name: 'p95', value: (r) => r.latency.p95Ms, higherIsWorse: true, unit: 'ms', floor: 2 },
  { name: 'p99', value: (r) => r.latency.p99Ms, higherIsWorse: true, unit: 'ms', floor: 5 },
  { name: 'req/s', value: (r) => r.requestsPerSecond, higherIsWorse: false, unit: '/s', floor: 1 },
  { name: 'error rate', value: (r) => (r.requests === 0 ? 1 : r.failed / r.requests) * 100, higherIsWorse: true, unit: '%', floor: 0.5 }
]

export type Change = 'regressed' | 'improved' | 'within noise'

export interface Comparison {
  rows: Array<{ metric: string, baseline: number, current: number, deltaPercent: number, change: Change, unit: string }>
  thresholdsNewlyFailing: string[]
  verdict: 'regression' | 'improvement' | 'no significant change'
}

export function compareResults (baseline: LoadRunResult, current: LoadRunResult, tolerancePercent: number): Comparison {
  const rows = metrics.map((m) => {
    const before = m.value(baseline)
    const after = m.value(current)
    const deltaPercent = before === 0 ? (after === 0 ? 0 : Infinity) : ((after - before) / before) * 100
    const significant = Math.abs(deltaPercent) > tolerancePercent && Math.abs(after - before) > m.floor
    const worse = m.higherIsWorse ? after > before : after < before
    const change: Change = !significant ? 'within noise' : worse ? 'regressed' : 'improved'
    return { metric: m.name, baseline: before, current: after, deltaPercent, change, unit: m.unit }
  })
  const passedBefore = new Set(baseline.thresholds.filter((t) => t.ok).map((t) => `${t.metric} ${t.expression}`))
  const thresholdsNewlyFailing = current.thresholds
    .filter((t) => !t.ok && passedBefore.has(`${t.metric} ${t.expression}`))
    .map((t) => `${t.metric} ${t.expression}`)
  const verdict = thresholdsNewlyFailing.length > 0 || rows.some((r) => r.change === 'regressed')
    ? 'regression'
    : rows.some((r) => r.change === 'improved') ? 'improvement' : 'no significant change'
  return { rows, thresholdsNewlyFailing, verdict }
}

const num = (value: number, unit: string): string => unit === 'ms' ? formatMs(value) : `${value >= 100 ? value.toFixed(0) : value.toFixed(2)} ${unit}`

export function formatComparison (c: Comparison, baseline: LoadRunResult, current: LoadRunResult, tolerancePercent: number): string {
  const icon = { regression: '🔴', improvement: '🟢', 'no significant change': '⚪' }[c.verdict]
  const lines = [
    `### ${icon} Load comparison: ${c.verdict}`,
    '',
    `baseline \`${baseline.label}\` (${baseline.url}) → current \`${current.label}\` (${current.url}); noise band ±${tolerancePercent}%`,
    '',
    '| metric | baseline | current | delta | change |',
    '|---|---:|---:|---:|---|'
  ]
  for (const r of c.rows) {
    const delta = Number.isFinite(r.deltaPercent) ? `${r.deltaPercent >= 0 ? '+' : ''}${r.deltaPercent.toFixed(1)}%` : 'new'
    lines.push(`| ${r.metric} | ${num(r.baseline, r.unit)} | ${num(r.current, r.unit)} | ${delta} | ${r.change} |`)
  }
  lines.push('', `thresholds: baseline ${baseline.passed ? 'passed' : 'failed'}, current ${current.passed ? 'passed' : 'failed'}`)
  if (c.thresholdsNewlyFailing.length > 0) lines.push(`newly failing: ${c.thresholdsNewlyFailing.join(', ')}`)
  return lines.join('\n')
}
