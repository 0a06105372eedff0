import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { diagnose, type RouteEvidence } from '../src/lab/diagnosis.ts'
import type { ProfileSummary } from '../src/lab/profile-summary.ts'

const requests = 10

/** Per-request numbers in, route totals out, as the server's accounting reports them. */
function evidence (perRequest: { total: number, db?: number, queries?: number, outbound?: number, calls?: number, blocked?: number, bytes?: number, concurrency?: number }, extra: Partial<RouteEvidence> = {}): RouteEvidence {
  return {
    stats: {
      route: 'GET /somewhere',
      requests,
      totalMs: perRequest.total * requests,
      dbMs: (perRequest.db ?? 0) * requests,
      connectionWaitMs: 0,
      dbCount: (perRequest.queries ?? 0) * requests,
      outboundMs: (perRequest.outbound ?? 0) * requests,
      outboundCount: (perRequest.calls ?? 0) * requests,
      maxOutboundConcurrency: perRequest.concurrency ?? (perRequest.calls === undefined ? 0 : 1),
      blockedMs: (perRequest.blocked ?? 0) * requests,
      responseBytes: (perRequest.bytes ?? 100) * requests,
      statements: [],
      calls: []
    },
    windowMs: 5000,
    thresholdsPassed: false,
    ...extra
  }
}

const profile = (frames: Array<[string, string, number, string?]>, busyMs = 4000): ProfileSummary => ({
  totalMs: 5000,
  busyMs,
  gcPercent: 1,
  topSelf: [],
  topOwn: frames.map(([functionName, location, percent, via]) => ({ functionName, location, percent, ms: (percent * busyMs) / 100, ...(via === undefined ? {} : { via }) }))
})

describe('diagnose', () => {
  it('names sequential outbound calls with their count, cost and call site', () => {
    const e = evidence({ total: 2010, outbound: 2004, calls: 100 })
    e.stats.calls = [{ target: 'enrichment', count: 1000, totalMs: 20040, site: ['src/x.ts:17', 'src/y.ts:3'] }]
    const d = diagnose(e)
    assert.equal(d.cause, 'sequential-outbound')
    assert.equal(d.verdict, 'sequential outbound calls: 100 per request × 20.0 ms = 2,004 ms of 2,010 ms, never more than one in flight')
    assert.equal(d.culprit, 'src/x.ts:17')
  })

  it('calls concurrent outbound calls slow, not sequential', () => {
    const d = diagnose(evidence({ total: 300, outbound: 1000, calls: 10, concurrency: 10 }))
    assert.equal(d.cause, 'slow-outbound')
  })

  it('recognises N+1 queries by one statement repeated per request', () => {
    const e = evidence({ total: 230, db: 220, queries: 101 })
    e.stats.statements = [
      { sql: 'select * from comments where post_id = ?', parameters: [1], count: 1000, totalMs: 2150, maxMs: 3, site: ['src/repo.ts:40', 'src/routes.ts:12'] },
      { sql: 'select * from posts', parameters: [], count: 10, totalMs: 50, maxMs: 6, site: ['src/repo.ts:10'] }
    ]
    const d = diagnose(e)
    assert.equal(d.cause, 'n-plus-one')
    assert.equal(d.culprit, 'src/repo.ts:40')
    assert.match(d.verdict, /101 statements per request, 100 of them the same `select \* from comments/)
  })

  it('recognises a slow query and shows a full scan from its plan', () => {
    const e = evidence({ total: 48, db: 45, queries: 1, blocked: 44 })
    e.stats.statements = [{ sql: 'select * from events where user_id = ?', parameters: [7], count: 10, totalMs: 450, maxMs: 60, site: ['src/events.ts:9'], plan: ['SCAN events', 'USE TEMP B-TREE FOR ORDER BY'] }]
    const d = diagnose(e)
    assert.equal(d.cause, 'slow-query')
    assert.match(d.verdict, /^slow query \/ full scan: `select \* from events where user_id = \?` takes 45\.0 ms per execution/)
    assert.ok(d.evidence.includes('query plan: SCAN events | USE TEMP B-TREE FOR ORDER BY'))
  })

  it('blames synchronous SQL when the stalled loop was busy running it', () => {
    const e = evidence({ total: 300, db: 40, queries: 1, blocked: 290 }, { profile: profile([['findEvents', 'src/events.ts:9', 90]], 450) })
    e.stats.statements = [{ sql: 'select * from events order by created_at', parameters: [], count: 10, totalMs: 400, maxMs: 45, site: ['src/events.ts:9'] }]
    assert.equal(diagnose(e).cause, 'slow-query')
  })

  it('blames synchronous CPU work for a stalled loop, with the hottest own frame and the bystander', () => {
    const e = evidence({ total: 120, blocked: 110 }, {
      profile: profile([['hashPassword', 'src/auth.ts:22', 93, 'pbkdf2Sync (node:internal/crypto/pbkdf2:62)']]),
      bystander: { route: 'GET /', baselineP95Ms: 1.5, loadedP95Ms: 400 }
    })
    const d = diagnose(e)
    assert.equal(d.cause, 'event-loop-blocked')
    assert.equal(d.culprit, 'src/auth.ts:22')
    assert.match(d.verdict, /GET \/ slowed from 1\.50 ms to 400 ms p95/)
    assert.ok(d.evidence.some((line) => line.includes('mostly inside pbkdf2Sync')))
  })

  it('puts a large payload first, pointing at the query that fetched it', () => {
    const e = evidence({ total: 180, db: 60, queries: 1, blocked: 150, bytes: 6 * 1024 * 1024 })
    e.stats.statements = [{ sql: 'select * from articles', parameters: [], count: 10, totalMs: 600, maxMs: 70, site: ['src/articles.ts:5'] }]
    const d = diagnose(e)
    assert.equal(d.cause, 'large-payload')
    assert.equal(d.culprit, 'src/articles.ts:5')
    assert.match(d.verdict, /6\.0 MB per response/)
  })

  it('finds no dominant bottleneck on a fast route, and still shows its query plan', () => {
    const e = evidence({ total: 1.4, db: 0.3, queries: 1, blocked: 0.1 }, { thresholdsPassed: true })
    e.stats.statements = [{ sql: 'select * from events where user_id = ?', parameters: [7], count: 10, totalMs: 3, maxMs: 1, site: ['src/events.ts:9'], plan: ['SEARCH events USING INDEX events_user_id_created_at (user_id=?)'] }]
    const d = diagnose(e)
    assert.equal(d.cause, 'none')
    assert.equal(d.culprit, undefined)
    assert.ok(d.evidence.includes('query plan of `select * from events where user_id = ?`: SEARCH events USING INDEX events_user_id_created_at (user_id=?)'))
  })

  it('says so when thresholds fail without a dominant cause', () => {
    const d = diagnose(evidence({ total: 700, db: 100, queries: 2, outbound: 100, calls: 1, blocked: 50 }, { profile: profile([['render', 'src/view.ts:3', 40]], 1000) }))
    assert.equal(d.cause, 'unexplained')
    assert.equal(d.culprit, 'src/view.ts:3')
  })
})
