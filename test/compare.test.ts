// compare decides from the samples: synthetic runs with known distributions, so each verdict
// (and each non-verdict) is certain. The same comparison on real runs is test/compare-runs.test.ts.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { compareResults, formatComparison } from '../src/runner/compare.ts'
import { encodeHistogram, newHistogram } from '../src/runner/recorder.ts'
import type { LoadRunResult } from '../src/runner/run.ts'
import { seededRandom } from '../src/runner/statistics.ts'

/**
 * A run of `seconds` seconds with `perSecond` requests each, latencies log-normal around
 * `medianMs` (spread `sigma`), each second's level drifting by up to ±`driftPercent`.
 */
function syntheticRun ({ medianMs, seconds = 8, perSecond = 40, sigma = 0.35, driftPercent = 5, failed = 0, seed = 1, executor = 'ramping-vus' as LoadRunResult['executor'] }: {
  medianMs: number, seconds?: number, perSecond?: number, sigma?: number, driftPercent?: number, failed?: number, seed?: number, executor?: LoadRunResult['executor']
}): LoadRunResult {
  const random = seededRandom(seed)
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const whole = newHistogram()
  const timeline = Array.from({ length: seconds }, (_, second) => {
    const level = medianMs * (1 + ((random() * 2 - 1) * driftPercent) / 100)
    const histogram = newHistogram()
    for (let i = 0; i < perSecond; i++) {
      const micros = Math.max(1, Math.round(level * 1000 * Math.exp(sigma * gaussian())))
      histogram.recordValue(micros)
      whole.recordValue(micros)
    }
    return { second, vus: 10, requests: perSecond, failed: 0, p50Ms: 0, p95Ms: 0, maxMs: 0, histogram: encodeHistogram(histogram) }
  })
  const requests = seconds * perSecond
  return {
    tool: 'baseplate-runner',
    formatVersion: 2,
    label: `synthetic ${medianMs} ms`,
    url: 'http://127.0.0.1/x',
    executor,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: seconds,
    requests,
    failed,
    transportErrors: {},
    aborted: false,
    requestsPerSecond: perSecond,
    bytesPerRequest: 10,
    latency: { minMs: whole.minNonZeroValue / 1000, avgMs: whole.mean / 1000, medMs: whole.getValueAtPercentile(50) / 1000, p90Ms: whole.getValueAtPercentile(90) / 1000, p95Ms: whole.getValueAtPercentile(95) / 1000, p99Ms: whole.getValueAtPercentile(99) / 1000, maxMs: whole.maxValue / 1000, stdevMs: whole.stdDeviation / 1000 },
    checks: [],
    thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<10', actual: whole.getValueAtPercentile(95) / 1000, ok: whole.getValueAtPercentile(95) / 1000 < 10 }],
    passed: true,
    timeline,
    distribution: [],
    histogram: encodeHistogram(whole)
  }
}

describe('compareResults', () => {
  it('finds no significant change between runs of one distribution, whatever their seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = compareResults(syntheticRun({ medianMs: 4, seed }), syntheticRun({ medianMs: 4, seed: seed + 100 }), 10)
      assert.equal(c.verdict, 'no significant change', `seed ${seed}: ${JSON.stringify(c.rows.map((r) => [r.metric, r.ratio]))}`)
    }
  })

  it('flags a route made 50 % slower as a regression, with an interval that excludes the band', () => {
    const c = compareResults(syntheticRun({ medianMs: 4 }), syntheticRun({ medianMs: 6, seed: 7 }), 10)
    assert.equal(c.verdict, 'regression')
    const p50 = c.rows.find((r) => r.metric === 'p50')!
    assert.equal(p50.change, 'regressed')
    assert.ok(p50.ratio!.low > 1.1 && p50.ratio!.estimate > 1.3 && p50.ratio!.estimate < 1.7, JSON.stringify(p50.ratio))
  })

  it('calls a faster run an improvement', () => {
    assert.equal(compareResults(syntheticRun({ medianMs: 2000, perSecond: 5 }), syntheticRun({ medianMs: 8 }), 10).verdict, 'improvement')
  })

  it('compares single requests when a run is too short for blocks (slow routes)', () => {
    const slow = syntheticRun({ medianMs: 2000, seconds: 6, perSecond: 4, sigma: 0.01 })
    const c = compareResults(syntheticRun({ medianMs: 6 }), slow, 10)
    assert.equal(c.verdict, 'regression')
    assert.match(c.rows[0]!.basis, /requests/)
  })

  it('does not call a 5 % shift a change within a 10 % band, but does with a 2 % band', () => {
    const before = syntheticRun({ medianMs: 10, seconds: 30, perSecond: 200, sigma: 0.05, driftPercent: 0 })
    const after = syntheticRun({ medianMs: 10.5, seconds: 30, perSecond: 200, sigma: 0.05, driftPercent: 0, seed: 9 })
    assert.equal(compareResults(before, after, 10).verdict, 'no significant change')
    assert.equal(compareResults(before, after, 2).verdict, 'regression')
  })

  it('flags a higher error rate only when the intervals do not overlap', () => {
    assert.equal(compareResults(syntheticRun({ medianMs: 4 }), syntheticRun({ medianMs: 4, seed: 3, failed: 1 }), 10).verdict, 'no significant change')
    const c = compareResults(syntheticRun({ medianMs: 4 }), syntheticRun({ medianMs: 4, seed: 3, failed: 40 }), 10)
    assert.equal(c.rows.find((r) => r.metric === 'error rate')?.change, 'regressed')
    assert.equal(c.verdict, 'regression')
  })

  it('compares throughput of closed-loop runs only', () => {
    const vus = compareResults(syntheticRun({ medianMs: 4, perSecond: 40 }), syntheticRun({ medianMs: 4, perSecond: 20, seed: 2 }), 10)
    assert.equal(vus.rows.find((r) => r.metric === 'req/s')?.change, 'no significant change')
    const closed = compareResults(syntheticRun({ medianMs: 4, perSecond: 400, executor: 'closed-loop' }), syntheticRun({ medianMs: 4, perSecond: 200, seed: 2, executor: 'closed-loop' }), 10)
    assert.equal(closed.rows.find((r) => r.metric === 'req/s')?.change, 'regressed')
  })

  it('is deterministic: the same files give the same intervals', () => {
    const [a, b] = [syntheticRun({ medianMs: 4 }), syntheticRun({ medianMs: 5, seed: 5 })]
    assert.deepEqual(compareResults(a, b, 10), compareResults(a, b, 10))
  })

  it('prints a Markdown table with each interval and the rule', () => {
    const [a, b] = [syntheticRun({ medianMs: 4 }), syntheticRun({ medianMs: 6, seed: 7 })]
    const text = formatComparison(compareResults(a, b, 10), a, b, 10)
    assert.match(text, /^### 🔴 Load comparison: regression/)
    assert.match(text, /\| p50 \| [\d.]+ ms \| [\d.]+ ms \| \+\d+\.\d% \(\+\d+\.\d% … \+\d+\.\d%\) \| regressed \|/)
    assert.match(text, /whole 95 % interval lies beyond ±10 %/)
  })
})
