// k6-like text summary of a load run, for terminals and CI logs.
import { formatMs as ms, formatThresholdActual } from '../format.ts'
import type { LoadRunResult } from './run.ts'

/** ", of which 3 without an answer (ECONNRESET 3)" */
function transportErrors ({ transportErrors: errors }: LoadRunResult): string {
  const entries = Object.entries(errors ?? {})
  if (entries.length === 0) return ''
  const total = entries.reduce((sum, [, n]) => sum + n, 0)
  return `, of which ${total} without an answer (${entries.map(([code, n]) => `${code} ${n}`).join(', ')})`
}

export function formatSummary (result: LoadRunResult): string {
  const l = result.latency
  const lines = [
    `  ${result.label}  ${result.url}  (${result.executor}, ${result.durationSeconds.toFixed(1)}s${result.aborted ? ', INTERRUPTED: partial figures' : ''})`,
    ''
  ]
  for (const t of result.thresholds) {
    const actual = formatThresholdActual(t)
    lines.push(`    ${t.ok ? '✓' : '✗'} ${t.metric.padEnd(18)} ${t.expression.padEnd(14)} actual ${actual}`)
  }
  lines.push('')
  for (const c of result.checks) {
    const total = c.passes + c.fails
    const rate = total === 0 ? 0 : (100 * c.passes) / total
    lines.push(`    ${c.fails === 0 ? '✓' : '✗'} ${c.name.padEnd(24)} ${rate.toFixed(2)}%  ✓ ${c.passes}  ✗ ${c.fails}`)
  }
  lines.push(
    '',
    `    http_req_duration: avg=${ms(l.avgMs)} min=${ms(l.minMs)} med=${ms(l.medMs)} p(90)=${ms(l.p90Ms)} p(95)=${ms(l.p95Ms)} p(99)=${ms(l.p99Ms)} max=${ms(l.maxMs)}`,
    `    http_req_failed..: ${(result.requests === 0 ? 0 : (100 * result.failed) / result.requests).toFixed(2)}%  ${result.failed} of ${result.requests}${transportErrors(result)}`,
    `    http_reqs........: ${result.requests}  ${result.requestsPerSecond.toFixed(1)}/s  ${Math.round(result.bytesPerRequest)} B/response`,
    '',
    `    ${result.aborted ? 'INTERRUPTED: no verdict' : result.passed ? 'PASSED: every threshold held' : 'FAILED: thresholds crossed'}`
  )
  return lines.join('\n')
}
