import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { measure } from './helpers/agent.ts'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

const families = [
  'http_request_duration_seconds', 'http_requests_total', 'http_requests_in_flight',
  'http_request_db_queries', 'http_request_outbound_calls', 'http_request_event_loop_blocked_seconds',
  'db_query_duration_seconds', 'db_connection_wait_seconds', 'outbound_call_duration_seconds',
  'nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'nodejs_gc_duration_seconds',
  'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total'
]

describe('GET /metrics', () => {
  it('can be switched off', async (t) => {
    const app = await buildTestApp(t, { metrics: false })
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 404)
  })
})

describe('Server-Timing', () => {
  it('can be switched off', async (t) => {
    const app = await buildTestApp(t, { serverTiming: false })
    assert.equal((await app.inject({ url: '/' })).headers['server-timing'], undefined)
  })
})

describe('admin routes', () => {
  it('do not exist unless enabled', async (t) => {
    const app = await buildTestApp(t)
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/start' })).statusCode, 404)
  })

  it('answer loopback clients only', async (t) => {
    const app = await buildTestApp(t, { adminEnabled: true })
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/stop', remoteAddress: '10.1.2.3' })).statusCode, 403)
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/start', remoteAddress: '192.168.1.9' })).statusCode, 403)
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/stop', remoteAddress: '::ffff:127.0.0.1' })).statusCode, 409)
  })

  it('record a CPU profile that DevTools can open', async (t) => {
    const app = await buildTestApp(t, { adminEnabled: true, seedCount: 5 })
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/start' })).statusCode, 204)
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/start' })).statusCode, 409)
    for (let i = 0; i < 20; i++) await app.inject({ url: '/api/posts/v2/fast' })
    const profile = (await app.inject({ method: 'POST', url: '/__admin/profile/stop' })).json<{ nodes: unknown[], startTime: number, endTime: number, samples: unknown[] }>()
    assert.ok(profile.nodes.length > 0)
    assert.ok(profile.endTime > profile.startTime)
    assert.equal((await app.inject({ method: 'POST', url: '/__admin/profile/stop' })).statusCode, 409)
  })
})

for (const dialect of dialects) {
  describe(`what the database does, in metrics, Server-Timing and diagnostics (${dialect})`, () => {
    it('exposes RED, per-request, database, outbound and runtime metrics', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 3 })
      await app.inject({ url: '/api/posts/v1/slow' })
      const res = await app.inject({ url: '/metrics' })
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^text\/plain/)
      for (const family of families) assert.match(res.body, new RegExp(`^# TYPE ${family} `, 'm'), family)
    })

    it('counts requests by method, route template and status, but not itself', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 3 })
      const selects = async (): Promise<number> => Number(/^db_query_duration_seconds_count\{kind="select"\} (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0)
      const before = await selects()
      await app.inject({ url: '/api/posts/1' })
      await app.inject({ url: '/api/posts/2' })
      await app.inject({ url: '/api/posts/99' })
      await app.inject({ url: '/metrics' })
      const body = (await app.inject({ url: '/metrics' })).body
      assert.match(body, /^http_requests_total\{method="GET",route="\/api\/posts\/:id",status_code="200"\} 2$/m)
      assert.match(body, /^http_requests_total\{method="GET",route="\/api\/posts\/:id",status_code="404"\} 1$/m)
      assert.doesNotMatch(body, /route="\/metrics"/)
      assert.equal(await selects(), before + 3)
      assert.match(body, /^http_request_db_queries_sum\{method="GET",route="\/api\/posts\/:id"\} 3$/m)
    })

    it('breaks a response down into db, outbound, blocked and total', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 2 })
      const header = String((await app.inject({ url: '/api/posts/1' })).headers['server-timing'])
      assert.match(header, /^db;dur=\d+\.\d;desc="1 queries", outbound;dur=0\.0;desc="0 calls", blocked;dur=\d+\.\d;desc="event loop stalled", total;dur=\d+\.\d$/)
    })

    it('show the lab\'s agent each statement with its call site and query plan, in the driver', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 5 })
      const { routes } = await measure(app, async (baseUrl) => { await (await fetch(`${baseUrl}/api/posts/3`)).text() }, { explain: true })
      const route = routes.find((r) => r.key === 'GET /api/posts/3')!
      assert.equal(route.statements.length, 1)
      assert.match(route.statements[0]!.sql, { sqlite: /^select \* from "posts" where "id" = \?/, postgres: /^select \* from "posts" where "id" = \$1/ }[dialect])
      // findPost returns the builder's promise without awaiting it: the nearest awaiting frame is
      // the route's (async stack traces follow awaits), and that is the line the agent names.
      const source = readFileSync('src/posts/posts.routes.ts', 'utf8').split('\n')
      assert.equal(route.statements[0]!.site[0], `src/posts/posts.routes.ts:${source.findIndex((line) => line.includes('await findPost(')) + 1}`)
      assert.match(route.statements[0]!.plan!.join(' '), { sqlite: /SEARCH posts USING INTEGER PRIMARY KEY/, postgres: /Index Scan using posts_pkey on posts/ }[dialect])
    })

    if (dialect === 'postgres') {
      it('counts the wait for a pooled connection as connection wait', async (t) => {
        // One connection, each statement holding it for at least 20 ms: of three concurrent
        // requests, the last waits for the two before it.
        const app = await buildTestApp(t, { dialect, seedCount: 3, dbPoolSize: 1, dbLatencyMs: 20 })
        await Promise.all([1, 2, 3].map((id) => app.inject({ url: `/api/posts/${id}` })))
        const body = (await app.inject({ url: '/metrics' })).body
        const waited = Number(/^db_connection_wait_seconds_sum (\S+)$/m.exec(body)?.[1])
        assert.ok(waited >= 0.06 - 0.005, `waited ${waited} s in total, expected at least 20 + 40 ms`)
      })
    }
  })
}
