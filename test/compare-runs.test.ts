// compare on real runs, on this machine: identical code back to back never gets a verdict, slow
// against fast is a regression every time, and a route made 50 % slower is flagged (≥ 9 of 10).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { startServerProcess, type ServerProcess } from '../src/harness/server-process.ts'
import { compareResults, DEFAULT_TOLERANCE_PERCENT } from '../src/runner/compare.ts'
import { runLoad, type LoadRunResult } from '../src/runner/run.ts'
import { scenarios } from '../src/scenarios/catalogue.ts'
import type { LoadShape } from '../src/scenarios/load-definition.ts'

const { slow, fast, shapes, checks, thresholds } = scenarios['sequential-awaits']
const burnPlugin = fileURLToPath(new URL('./fixtures/burn-plugin.ts', import.meta.url))
/** For the 50 % comparisons: 4 s of 3 VUs, light enough that a slower route does not queue. */
const lightShape: LoadShape = { stages: [{ duration: '500ms', target: 3 }, { duration: '3s', target: 3 }, { duration: '500ms', target: 0 }], thinkTimeSeconds: 0.02, gracefulStopSeconds: 5 }

function run (server: ServerProcess, path: string, shape: LoadShape): Promise<LoadRunResult> {
  return runLoad({ label: path, baseUrl: server.baseUrl, path, shape, checks, thresholds })
}

/** "p50 +7% (−10…+25) p95 …": the changes of each comparison with their intervals. */
const changes = (comparisons: Array<ReturnType<typeof compareResults>>): string => comparisons.map((c) => c.rows.slice(0, 2).map((row) => {
  const { estimate, low, high } = row.ratio!
  const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(0)}%`
  return `${row.metric} ${pct(estimate)} (${pct(low)}…${pct(high)})`
}).join(' ')).join('; ')

const tally = (verdicts: string[]): string => JSON.stringify(verdicts.reduce<Record<string, number>>((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {}))

describe('compare on real runs', { timeout: 600_000 }, () => {
  it('identical code, slow vs fast, and a route made 50 % slower', async (t) => {
    const server = await startServerProcess({ PLUGINS: burnPlugin })
    t.after(() => server.stop())
    await run(server, fast, lightShape) // warm-up, not compared

    // Eleven quick runs of the same route, back to back: ten comparisons, each with the next.
    const same: LoadRunResult[] = []
    for (let i = 0; i < 11; i++) same.push(await run(server, fast, shapes.quick))
    const identical = same.slice(1).map((current, i) => compareResults(same[i]!, current, DEFAULT_TOLERANCE_PERCENT))
    t.diagnostic(`identical: ${tally(identical.map((c) => c.verdict))}; ${changes(identical)}`)

    // The slow route against fast runs: a regression every time.
    const slowRuns: LoadRunResult[] = []
    for (let i = 0; i < 3; i++) slowRuns.push(await run(server, slow, shapes.quick))
    const slowVsFast = slowRuns.flatMap((current) => same.map((baseline) => compareResults(baseline, current, DEFAULT_TOLERANCE_PERCENT)))
    t.diagnostic(`slow vs fast: ${tally(slowVsFast.map((c) => c.verdict))}`)

    // A route made 50 % slower (6 ms → 9 ms of CPU), ten interleaved pairs.
    const slower: ReturnType<typeof compareResults>[] = []
    for (let i = 0; i < 10; i++) {
      const before = await run(server, '/burn?ms=6', lightShape)
      const after = await run(server, '/burn?ms=9', lightShape)
      slower.push(compareResults(before, after, DEFAULT_TOLERANCE_PERCENT))
    }
    t.diagnostic(`50 % slower: ${tally(slower.map((c) => c.verdict))}; ${changes(slower)}`)

    assert.deepEqual(identical.map((c) => c.verdict), Array(10).fill('no significant change'))
    assert.ok(slowVsFast.every((c) => c.verdict === 'regression'))
    assert.ok(slower.filter((c) => c.verdict === 'regression').length >= 9)
  })
})
