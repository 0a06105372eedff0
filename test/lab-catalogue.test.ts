// The lab on every scenario of the catalogue: the slow route fails, the fast one passes, and the
// diagnosis names the right cause and points within a few lines of the BOTTLENECK comment.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scenarioNames } from '../src/scenarios/catalogue.ts'
import type { Cause } from '../src/lab/diagnosis.ts'
import { runLab } from '../src/lab/run.ts'
import { planFromArgs } from '../src/lab/plan.ts'
import { silentProgress } from '../src/runner/progress.ts'

const expectedCause: Record<string, Cause> = {
  'sequential-awaits': 'sequential-outbound',
  'n-plus-one': 'n-plus-one',
  'event-loop-block': 'event-loop-blocked',
  'missing-index': 'slow-query',
  'over-fetching': 'large-payload'
}

/** True when file:line is at most 3 lines below a BOTTLENECK comment of that file. */
function nearBottleneck (culprit: string | undefined): boolean {
  const match = /^(.+):(\d+)$/.exec(culprit ?? '')
  if (match === null) return false
  const lines = readFileSync(match[1]!, 'utf8').split('\n')
  const line = Number(match[2])
  return lines.slice(Math.max(0, line - 4), line).some((text) => text.includes('BOTTLENECK'))
}

describe('npm run lab -- <scenario>', { timeout: 600_000 }, () => {
  it('covers every scenario of the catalogue', () => {
    assert.deepEqual(Object.keys(expectedCause).sort(), [...scenarioNames].sort())
  })

  for (const name of scenarioNames) {
    it(`${name}: catches the slow route and names its cause and line`, async () => {
      const outDir = mkdtempSync(join(tmpdir(), `baseplate-lab-${name}-`))
      try {
        const result = await runLab({ ...planFromArgs([name]), outDir }, () => {}, silentProgress)
        const [slow, fast] = result.subjects
        assert.equal(result.ok, true, `slow passed=${slow!.load.passed}, fast passed=${fast!.load.passed}`)
        assert.equal(slow!.diagnosis.cause, expectedCause[name], slow!.diagnosis.verdict)
        assert.ok(nearBottleneck(slow!.diagnosis.culprit), `culprit ${slow!.diagnosis.culprit} is not at a BOTTLENECK comment`)
        assert.equal(fast!.diagnosis.cause, 'none', fast!.diagnosis.verdict)
        // The lesson of the catalogue: at least 5× apart at the 95th percentile.
        assert.ok(slow!.load.latency.p95Ms >= 5 * fast!.load.latency.p95Ms)
      } finally {
        rmSync(outDir, { recursive: true, force: true })
      }
    })
  }
})
