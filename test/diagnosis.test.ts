// The detectors, on measurements made up to the shape the agent reports: each verdict names its
// cause from the numbers alone, in the order of the detector table.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CpuReport, RouteReport, StatementReport, WaitReport } from '../src/agent/protocol.ts'
import { detectors, diagnose, type Diagnosis, type RouteEvidence } from '../src/lab/diagnosis.ts'

const requests = 10

/** Per-request parts in, route totals out, as the agent reports them. */
function route (perRequest: { cpu?: number, sql?: number, outbound?: number, wait?: number, bytes?: number }, extra: Partial<RouteReport> = {}): RouteReport {
  const parts = { cpu: perRequest.cpu ?? 0, sql: perRequest.sql ?? 0, outbound: perRequest.outbound ?? 0, wait: perRequest.wait ?? 0 }
  const wall = parts.cpu + parts.sql + parts.outbound + parts.wait
  return {
    key: 'GET /somewhere',
    requests,
    wallMs: wall * requests,
    parts: { cpu: parts.cpu * requests, sql: parts.sql * requests, outbound: parts.outbound * requests, wait: parts.wait * requests },
    afterResponseCpuMs: 0,
    responseBytes: (perRequest.bytes ?? 100) * requests,
    statements: [],
    sqlWallMs: parts.sql * requests,
    calls: [],
    outboundWallMs: parts.outbound * requests,
    waits: [],
    meanInFlight: 4,
    ...extra
  }
}

function cpu (extra: Partial<CpuReport> = {}): CpuReport {
  return { windowMs: 5000, busyMs: 1000, gcMs: 10, hotLines: [], flame: { name: 'all', location: '', ms: 0, own: false, children: [] }, allocatedBytes: 0, allocations: [], ...extra }
}

const statement = (sql: string, count: number, totalMs: number, site: string[], extra: Partial<StatementReport> = {}): StatementReport =>
  ({ driver: 'better-sqlite3', sql, parameters: [], count, totalMs, maxMs: totalMs / count, maxConcurrency: 1, site, ...extra })

const wait = (kind: WaitReport['kind'], perRequestMs: number, site: string[] = []): WaitReport => ({ kind, site, totalMs: perRequestMs * requests, count: requests })

const evidence = (r: RouteReport, extra: Partial<RouteEvidence> = {}): RouteEvidence => ({ route: r, cpu: cpu(), thresholdsPassed: false, ...extra })

describe('diagnose', () => {
  it('has its detectors in a fixed order', () => {
    assert.deepEqual(detectors.map(([name]) => name), ['large payload', 'outbound calls', 'database', 'synchronous CPU', 'waiting'])
  })

  it('names sequential outbound calls with their count, cost and call site', () => {
    const d = diagnose(evidence(route({ cpu: 6, outbound: 2004 }, { calls: [{ target: 'enrichment', count: 1000, totalMs: 20040, maxConcurrency: 1, site: ['src/x.ts:17', 'src/y.ts:3'] }] })))
    assert.equal(d.cause, 'sequential-outbound')
    assert.match(d.verdict, /^sequential outbound calls: 100 per request × 20\.0 ms = 2,004 ms of 2,010 ms, never more than one in flight$/)
    assert.equal(d.culprit, 'src/x.ts:17')
  })

  it('calls concurrent outbound calls slow, not sequential', () => {
    const d = diagnose(evidence(route({ outbound: 300 }, { calls: [{ target: 'api', count: 50, totalMs: 9000, maxConcurrency: 5, site: ['src/a.ts:1'] }] })))
    assert.equal(d.cause, 'slow-outbound')
    assert.match(d.verdict, /up to 5 at once/)
  })

  it('names an N+1 from a statement repeated per request, with its site', () => {
    const d = diagnose(evidence(route({ cpu: 20, sql: 300 }, { statements: [statement('select * from comments where post_id = ?', 1000, 2500, ['src/repo.ts:40', 'src/routes.ts:12']), statement('select * from posts', 10, 50, ['src/repo.ts:10'])] })))
    assert.equal(d.cause, 'n-plus-one')
    assert.match(d.verdict, /^N\+1 queries: 101 statements per request, 100 of them the same `select \* from comments where post_id = \?`/)
    assert.equal(d.culprit, 'src/repo.ts:40')
  })

  it('reports parallel statements with their summed time and the wall time they cover', () => {
    const d = diagnose(evidence(route({ cpu: 1, sql: 7 }, { sqlWallMs: 75, statements: [statement('select title from posts where id = ?', 600, 2120, ['src/p.ts:9'], { maxConcurrency: 60 })] })))
    assert.equal(d.cause, 'n-plus-one')
    assert.ok(d.evidence.some((line) => /up to 60 of them run at once: 60 statements per request summing 212 ms, at least one running for 7\.50 ms of 8\.00 ms/.test(line)), d.evidence.join('\n'))
  })

  it('names a slow query with its plan, and a full scan when the plan says so', () => {
    const d = diagnose(evidence(route({ sql: 45, cpu: 2 }, { statements: [statement('select * from events where user_id = ?', 10, 450, ['src/events.ts:9'], { plan: ['SCAN events', 'USE TEMP B-TREE FOR ORDER BY'] })] })))
    assert.equal(d.cause, 'slow-query')
    assert.match(d.verdict, /^slow query \/ full scan: .* takes 45\.0 ms per execution/)
    assert.equal(d.culprit, 'src/events.ts:9')
    const pg = diagnose(evidence(route({ sql: 45 }, { statements: [statement('select * from events where user_id = $1', 10, 450, ['src/events.ts:9'], { plan: ['Limit', 'Sort', 'Seq Scan on events_unindexed'] })] })))
    assert.match(pg.verdict, /full scan/)
  })

  it('names a full scan that dominates its request below 5 ms, since it grows with the table, but not a quick or indexed one', () => {
    const lookup = (plan: string[], perExecutionMs: number): Diagnosis => diagnose({
      ...evidence(route({ sql: perExecutionMs, cpu: 0.6 }, { statements: [statement('select id from customers where email = ?', 10, perExecutionMs * 10, ['src/c.ts:4'], { plan })] })),
      thresholdsPassed: true
    })
    const scan = lookup(['SCAN customers'], 3)
    assert.equal(scan.cause, 'slow-query', scan.verdict)
    assert.equal(scan.culprit, 'src/c.ts:4')
    assert.equal(lookup(['SEARCH customers USING INDEX customers_email (email=?)'], 3).cause, 'none')
    assert.equal(lookup(['SCAN customers'], 0.4).cause, 'none')
    // PostgreSQL's plan times the scan itself: a statement slow for other reasons (rows to send) on a
    // table small enough to scan is not a growing scan.
    assert.equal(lookup(['Seq Scan on customers (rows=1200, 0.135 ms)'], 3).cause, 'none')
    assert.equal(lookup(['Seq Scan on customers (rows=300000, 2.900 ms)'], 3).cause, 'slow-query')
  })

  it('blames the pool when connections are scarce and statements quick, and slow statements otherwise', () => {
    const quick = diagnose(evidence(route({ sql: 2, wait: 80 }, { waits: [wait('pool', 80, ['src/db.ts:5'])], statements: [statement('select 1', 10, 20, ['src/db.ts:5'])] })))
    assert.equal(quick.cause, 'connection-pool')
    const slow = diagnose(evidence(route({ sql: 20, wait: 80 }, { waits: [wait('pool', 80, ['src/db.ts:5'])], statements: [statement('select * from logs where message = ?', 10, 200, ['src/db.ts:5'])] })))
    assert.equal(slow.cause, 'slow-query')
  })

  it('names synchronous CPU work and the hot line, with the bystander it slowed', () => {
    const d = diagnose(evidence(route({ cpu: 90, sql: 1 }), {
      cpu: cpu({ busyMs: 4500, hotLines: [{ location: 'src/auth.ts:22', functionName: 'hashPassword', ms: 4000, percent: 93, via: 'pbkdf2Sync (node:internal/crypto/pbkdf2:62)' }] }),
      bystander: { route: 'GET /', baselineP95Ms: 2, loadedP95Ms: 400 }
    }))
    assert.equal(d.cause, 'event-loop-blocked')
    assert.equal(d.culprit, 'src/auth.ts:22')
    assert.match(d.verdict, /GET \/ slowed from 2\.00 ms to 400 ms p95/)
    assert.ok(d.evidence.some((line) => line.includes('inside pbkdf2Sync')))
  })

  it('calls it memory pressure when much is allocated and collection takes a large share', () => {
    const heavy = cpu({ busyMs: 4000, gcMs: 1200, allocatedBytes: 200 * 1024 * 1024, hotLines: [{ location: 'src/rows.ts:3', functionName: 'build', ms: 2500, percent: 62 }], allocations: [{ location: 'src/rows.ts:1', functionName: 'build', bytes: 190 * 1024 * 1024 }] })
    assert.equal(diagnose(evidence(route({ cpu: 40 }), { cpu: heavy })).cause, 'gc-pressure')
    assert.equal(diagnose(evidence(route({ cpu: 40 }), { cpu: { ...heavy, allocatedBytes: 1024 } })).cause, 'event-loop-blocked')
  })

  it('says requests wait for each other, with in flight and running', () => {
    const d = diagnose(evidence(route({ cpu: 1, wait: 130 }, { meanInFlight: 10, waits: [wait('other-request', 120, ['src/lock.ts:20', 'src/routes.ts:124']), wait('timer', 10, ['src/routes.ts:126'])] }), { cpu: cpu({ windowMs: 1300 }) }))
    assert.equal(d.cause, 'requests-wait-for-each-other')
    assert.match(d.verdict, /^requests wait for each other: 120 ms per request at src\/lock\.ts:20 \(called from src\/routes\.ts:124\); in flight 10\.0, running 9\.1$/)
    assert.equal(d.culprit, 'src/lock.ts:20')
  })

  it('names timer, file and socket waits with their line', () => {
    assert.equal(diagnose(evidence(route({ wait: 40 }, { waits: [wait('timer', 40, ['src/t.ts:5'])] }))).cause, 'timer')
    assert.equal(diagnose(evidence(route({ wait: 40 }, { waits: [wait('file', 40, ['src/f.ts:5'])] }))).culprit, 'src/f.ts:5')
    assert.equal(diagnose(evidence(route({ wait: 40 }, { waits: [wait('stream', 40, ['src/s.ts:5'])] }))).cause, 'stream-io')
  })

  it('puts a large payload first, with where its rows come from', () => {
    const d = diagnose(evidence(route({ cpu: 300, sql: 500, bytes: 4.6 * 1024 * 1024 }, { statements: [statement('select * from articles', 10, 5000, ['src/articles.ts:5'])] })))
    assert.equal(d.cause, 'large-payload')
    assert.equal(d.culprit, 'src/articles.ts:5')
  })

  it('finds no dominant bottleneck in a fast route, and notes a cheap N+1 pattern', () => {
    const d = diagnose({ ...evidence(route({ cpu: 1, sql: 0.5 }, { statements: [statement('select * from authors where id = ?', 60, 3, ['src/a.ts:2'])] })), thresholdsPassed: true })
    assert.equal(d.cause, 'none')
    assert.ok(d.evidence.some((line) => /runs 6× per request at src\/a\.ts:2: an N\+1 pattern/.test(line)))
  })

  it('says unexplained, with the breakdown, when thresholds fail and nothing dominates', () => {
    const d = diagnose(evidence(route({ cpu: 3, sql: 3, outbound: 3, wait: 3 })))
    assert.equal(d.cause, 'unexplained')
    assert.match(d.verdict, /CPU 3\.00 ms, SQL 3\.00 ms, outbound 3\.00 ms, waiting 3\.00 ms/)
  })

  it('never names a part bigger than the whole', () => {
    const d = diagnose(evidence(route({ cpu: 1, sql: 7 }, { statements: [statement('select 1', 600, 2120, ['src/p.ts:9'], { maxConcurrency: 60 })] })))
    const [, part, whole] = /database ([\d.,]+) ms of ([\d.,]+) ms/.exec(d.verdict) ?? []
    assert.ok(Number(part!.replace(',', '')) <= Number(whole!.replace(',', '')), d.verdict)
  })
})
