// The lab's terminal output: a side-by-side verdict table and one diagnosis per route,
// legible on a projector (short lines, ✓/✗, optional colour).
import { formatMs as ms, formatThresholdActual } from '../format.ts'
import type { LabResult, SubjectResult } from './lab-result.ts'

interface Style { mark: (ok: boolean) => string, dim: (t: string) => string, bold: (t: string) => string }

export function formatLabReport (result: LabResult, { color }: { color: boolean }): string {
  const paint = (code: number) => (text: string): string => color ? `\x1b[${code}m${text}\x1b[0m` : text
  const [red, green, bold, dim] = [paint(31), paint(32), paint(1), paint(2)]
  const mark = (ok: boolean): string => ok ? green('✓') : red('✗')

  const subjects = result.subjects
  const width = 28
  const cell = (text: string, visible = text.length): string => text + ' '.repeat(Math.max(1, width - visible))
  const row = (label: string, values: Array<[string, number?]>): string =>
    `  ${label.padEnd(30)}${values.map(([text, visible]) => cell(text, visible)).join('')}`

  const lines = ['', bold(`  ${result.title}`), dim(`  ${result.service} · shape: ${result.shape}`), '']
  lines.push(row('', subjects.map((s) => [bold(s.role), s.role.length])))
  lines.push(row('route', subjects.map((s) => [s.route])))
  lines.push(row('requests', subjects.map((s) => [`${s.load.requests} (${s.load.requestsPerSecond.toFixed(1)}/s)`])))
  for (const [label, pick] of [['p50', 'medMs'], ['p95', 'p95Ms'], ['p99', 'p99Ms']] as const) {
    lines.push(row(label, subjects.map((s) => [ms(s.load.latency[pick])])))
  }
  lines.push(row('errors', subjects.map((s) => [`${s.load.failed} (${((100 * s.load.failed) / Math.max(1, s.load.requests)).toFixed(1)}%)`])))
  const thresholdKeys = subjects[0]?.load.thresholds.map((t) => `${t.metric} ${t.expression}`) ?? []
  thresholdKeys.forEach((key, i) => {
    lines.push(row(key, subjects.map((s) => {
      const t = s.load.thresholds[i]!
      const actual = formatThresholdActual(t)
      return [`${mark(t.ok)} ${actual}`, 2 + actual.length]
    })))
  })
  lines.push(row('thresholds', subjects.map((s) => {
    const text = `${s.load.passed ? 'PASSED' : 'FAILED'}${s.expect === undefined ? '' : s.asExpected ? ' (as expected)' : ' (UNEXPECTED)'}`
    return [s.expect === undefined || s.asExpected ? (s.load.passed ? green(text) : red(text)) : red(text), text.length]
  })))

  lines.push('', bold('  Diagnosis'))
  for (const s of subjects) lines.push(...formatDiagnosis(s, { mark, dim, bold }))
  lines.push('', ...conclusion(result).map((line) => bold(result.ok ? green(line) : red(line))))
  return lines.join('\n')
}

/** The last words: a comparison for slow/fast runs, a verdict per route for targets. */
function conclusion (result: LabResult): string[] {
  const compared = result.subjects.some((s) => s.expect !== undefined)
  if (compared) {
    return [result.ok
      ? '  Lab verdict: the load test tells the routes apart, and the diagnosis says why.'
      : '  Lab verdict: UNEXPECTED result — see above.']
  }
  return result.subjects.map((s) => `  ${s.route}: thresholds ${s.load.passed ? 'passed' : 'crossed'}; ${s.diagnosis.cause === 'none' ? 'no dominant bottleneck' : `${s.diagnosis.cause}${s.diagnosis.culprit === undefined ? '' : ` at ${s.diagnosis.culprit}`}`}`)
}

function formatDiagnosis (s: SubjectResult, style: Style): string[] {
  const d = s.diagnosis
  const lines = ['', `  ${style.mark(d.cause === 'none')} ${style.bold(`${s.role} ${s.route}`)}`, `    ${d.verdict}`]
  if (d.culprit !== undefined) {
    lines.push(`    → ${style.bold(d.culprit)}`)
    const source = s.sources[d.culprit]
    const line = Number(/:(\d+)$/.exec(d.culprit)?.[1])
    if (source !== undefined) {
      source.lines.forEach((text, i) => {
        const number = source.first + i
        lines.push(style.dim(`      ${number === line ? '>' : ' '} ${String(number).padStart(4)} | ${text}`))
      })
    }
  }
  for (const item of d.evidence) lines.push(style.dim(`    · ${item}`))
  return lines
}
