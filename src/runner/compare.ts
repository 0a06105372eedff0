// Compares two runner results from their samples, not from two percentiles: each run's latencies
// are cut into blocks of consecutive requests, and a seeded bootstrap over those blocks gives a
// 95 % confidence interval for the ratio current / baseline of p50 and p95. A change counts only
// when the whole interval lies beyond the tolerance band (twice as wide for p95, the noisier
// tail), so neither the noise a run measures in itself nor the usual drift between two runs on a
// busy machine can make a verdict.
import { formatMs } from '../format.ts'
import { decodeHistogram, newHistogram } from './recorder.ts'
import type { LoadRunResult } from './run.ts'
import { bootstrapRatio, median, wilson, type RatioInterval } from './statistics.ts'

/** Requests per block: enough for a block's p95 to mean something. */
const BLOCK_REQUESTS = 20
/** Below this many blocks on either side, the bootstrap resamples single requests instead. */
const MIN_BLOCKS = 5
/** The default band around "no change", in percent: back-to-back runs of the same code on this
 * project's 2-core machine moved p50 by up to ±34 % (test/compare-runs.test.ts). */
export const DEFAULT_TOLERANCE_PERCENT = 25

export type Change = 'regressed' | 'improved' | 'no significant change'

export interface MetricRow {
  metric: string
  unit: 'ms' | '/s' | '%'
  baseline: number
  current: number
  /** current / baseline with its 95 % interval (latency, throughput). */
  ratio?: RatioInterval
  change: Change
  /** How the interval was obtained, for the reader. */
  basis: string
}

export interface Comparison {
  rows: MetricRow[]
  thresholdsNewlyFailing: string[]
  verdict: 'regression' | 'improvement' | 'no significant change'
  notes: string[]
}

/** The latency samples of a run: per-block p50/p95, and the whole distribution as quantiles. */
interface Samples { blocks: Array<{ p50: number, p95: number }>, quantiles: number[], fullSeconds: number[] }

function samplesOf (run: LoadRunResult): Samples {
  const blocks: Samples['blocks'] = []
  let block = newHistogram()
  const close = (): void => {
    blocks.push({ p50: block.getValueAtPercentile(50) / 1000, p95: block.getValueAtPercentile(95) / 1000 })
    block = newHistogram()
  }
  for (const second of run.timeline) {
    if (second.histogram === undefined) continue
    block.add(decodeHistogram(second.histogram))
    if (block.totalCount >= BLOCK_REQUESTS) close()
  }
  if (block.totalCount > 0 && blocks.length === 0) close()
  const whole = decodeHistogram(run.histogram)
  const n = Math.min(Number(whole.totalCount), 2000)
  const quantiles = Array.from({ length: n }, (_, i) => whole.getValueAtPercentile((100 * (i + 0.5)) / n) / 1000)
  // Throughput per second, without the first and last (partial) seconds.
  const fullSeconds = run.timeline.slice(1, -1).map((second) => second.requests)
  return { blocks, quantiles, fullSeconds }
}

const percentileOf = (p: number) => (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function changeOf (ratio: RatioInterval, tolerance: number, higherIsWorse: boolean): Change {
  const worse = higherIsWorse ? ratio.low > 1 + tolerance : ratio.high < 1 / (1 + tolerance)
  const better = higherIsWorse ? ratio.high < 1 / (1 + tolerance) : ratio.low > 1 + tolerance
  return worse ? 'regressed' : better ? 'improved' : 'no significant change'
}

function latencyRow (metric: 'p50' | 'p95', before: Samples, after: Samples, baseline: LoadRunResult, current: LoadRunResult, tolerance: number): MetricRow {
  const byBlocks = before.blocks.length >= MIN_BLOCKS && after.blocks.length >= MIN_BLOCKS
  const ratio = byBlocks
    ? bootstrapRatio(before.blocks.map((b) => b[metric]), after.blocks.map((b) => b[metric]), median)
    : bootstrapRatio(before.quantiles, after.quantiles, percentileOf(metric === 'p50' ? 50 : 95))
  return {
    metric,
    unit: 'ms',
    baseline: metric === 'p50' ? baseline.latency.medMs : baseline.latency.p95Ms,
    current: metric === 'p50' ? current.latency.medMs : current.latency.p95Ms,
    ratio,
    change: changeOf(ratio, tolerance, true),
    basis: byBlocks ? `${before.blocks.length} vs ${after.blocks.length} blocks of ≥${BLOCK_REQUESTS} requests` : `${baseline.requests} vs ${current.requests} requests`
  }
}

function throughputRow (before: Samples, after: Samples, baseline: LoadRunResult, current: LoadRunResult, tolerance: number): MetricRow {
  const closedLoop = baseline.executor === 'closed-loop' && current.executor === 'closed-loop' &&
    before.fullSeconds.length >= MIN_BLOCKS && after.fullSeconds.length >= MIN_BLOCKS
  const row: MetricRow = { metric: 'req/s', unit: '/s', baseline: baseline.requestsPerSecond, current: current.requestsPerSecond, change: 'no significant change', basis: 'set by the VUs\' think time: not compared' }
  if (!closedLoop) return row
  const ratio = bootstrapRatio(before.fullSeconds, after.fullSeconds, median)
  return { ...row, ratio, change: changeOf(ratio, tolerance, false), basis: `${before.fullSeconds.length} vs ${after.fullSeconds.length} whole seconds` }
}

function errorRow (baseline: LoadRunResult, current: LoadRunResult): MetricRow {
  const [before, after] = [wilson(baseline.failed, baseline.requests), wilson(current.failed, current.requests)]
  const change: Change = after.low > before.high ? 'regressed' : after.high < before.low ? 'improved' : 'no significant change'
  const rate = (r: LoadRunResult): number => (r.requests === 0 ? 1 : r.failed / r.requests) * 100
  return { metric: 'error rate', unit: '%', baseline: rate(baseline), current: rate(current), change, basis: 'differs only if the 99 % Wilson intervals of the two rates do not overlap' }
}

/** `tolerancePercent`: the band around "no change" that a whole interval must leave (p95: twice it). */
export function compareResults (baseline: LoadRunResult, current: LoadRunResult, tolerancePercent: number): Comparison {
  const tolerance = tolerancePercent / 100
  const [before, after] = [samplesOf(baseline), samplesOf(current)]
  const rows = [
    latencyRow('p50', before, after, baseline, current, tolerance),
    latencyRow('p95', before, after, baseline, current, 2 * tolerance),
    throughputRow(before, after, baseline, current, tolerance),
    errorRow(baseline, current)
  ]
  const passedBefore = new Set(baseline.thresholds.filter((t) => t.ok).map((t) => `${t.metric} ${t.expression}`))
  const thresholdsNewlyFailing = current.thresholds
    .filter((t) => !t.ok && passedBefore.has(`${t.metric} ${t.expression}`))
    .map((t) => `${t.metric} ${t.expression}`)
  const notes = [baseline, current].filter((r) => r.aborted).map((r) => `\`${r.label}\` was interrupted: its figures cover only part of the run`)
  const verdict = rows.some((r) => r.change === 'regressed')
    ? 'regression'
    : rows.some((r) => r.change === 'improved') ? 'improvement' : 'no significant change'
  return { rows, thresholdsNewlyFailing, verdict, notes }
}

const num = (value: number, unit: string): string => unit === 'ms' ? formatMs(value) : `${value >= 100 ? value.toFixed(0) : value.toFixed(2)} ${unit}`
/** A ratio as a change: "+12.5%", "-40.0%", and "×509" or "÷12" once it is a factor of 3 or more. */
function percent (ratio: number): string {
  if (ratio >= 3) return `×${ratio.toFixed(ratio >= 10 ? 0 : 1)}`
  if (ratio > 0 && ratio <= 1 / 3) return `÷${(1 / ratio).toFixed(ratio <= 0.1 ? 0 : 1)}`
  return `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`
}

export function formatComparison (c: Comparison, baseline: LoadRunResult, current: LoadRunResult, tolerancePercent: number): string {
  const icon = { regression: '🔴', improvement: '🟢', 'no significant change': '⚪' }[c.verdict]
  const lines = [
    `### ${icon} Load comparison: ${c.verdict}`,
    '',
    `baseline \`${baseline.label}\` (${baseline.url}) → current \`${current.label}\` (${current.url})`,
    '',
    '| metric | baseline | current | change (95 % interval) | verdict | from |',
    '|---|---:|---:|---:|---|---|'
  ]
  for (const r of c.rows) {
    const change = r.ratio === undefined ? '' : `${percent(r.ratio.estimate)} (${percent(r.ratio.low)} … ${percent(r.ratio.high)})`
    lines.push(`| ${r.metric} | ${num(r.baseline, r.unit)} | ${num(r.current, r.unit)} | ${change} | ${r.change} | ${r.basis} |`)
  }
  lines.push('', `A change counts only when its whole 95 % interval lies beyond ±${tolerancePercent} % (±${2 * tolerancePercent} % for p95; seeded bootstrap; see README, "Comparing two runs").`)
  lines.push(`thresholds: baseline ${baseline.passed ? 'passed' : 'failed'}, current ${current.passed ? 'passed' : 'failed'}`)
  if (c.thresholdsNewlyFailing.length > 0) lines.push(`newly failing: ${c.thresholdsNewlyFailing.join(', ')}`)
  lines.push(...c.notes)
  return lines.join('\n')
}
