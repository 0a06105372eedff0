import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Profiler } from 'node:inspector'
import { summariseProfile } from '../src/lab/profile-summary.ts'

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '1' })

// root -> handler (own) -> pbkdf2Sync (node) -> (native) ; root -> (idle)
const profile: Profiler.Profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1), children: [2, 5] },
    { id: 2, callFrame: frame('handler', 'file:///srv/app/routes.ts', 9), children: [3] },
    { id: 3, callFrame: frame('pbkdf2Sync', 'node:internal/crypto/pbkdf2', 61), children: [4] },
    { id: 4, callFrame: frame('run', '', -1) },
    { id: 5, callFrame: frame('(idle)', '', -1) }
  ],
  startTime: 0,
  endTime: 100_000,
  samples: [4, 4, 4, 3, 2, 5, 5],
  timeDeltas: [10_000, 10_000, 10_000, 10_000, 10_000, 25_000, 25_000]
}

describe('summariseProfile', () => {
  const summary = summariseProfile(profile)

  it('ignores idle time', () => {
    assert.equal(summary.busyMs, 50)
    assert.equal(summary.totalMs, 100)
  })

  it('ranks functions by self time', () => {
    assert.deepEqual(summary.topSelf.map((f) => [f.functionName, f.percent]), [['run', 60], ['pbkdf2Sync', 20], ['handler', 20]])
  })

  it('attributes time spent in dependencies to the nearest application frame, naming the callee', () => {
    assert.equal(summary.topOwn.length, 1)
    const own = summary.topOwn[0]!
    assert.equal(own.functionName, 'handler')
    assert.equal(own.location, '/srv/app/routes.ts:10')
    assert.equal(own.percent, 100)
    assert.equal(own.via, 'pbkdf2Sync (node:internal/crypto/pbkdf2:62)')
  })
})
