import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { measure } from './helpers/agent.ts'
import { buildTestApp, countOf, parseServerTiming } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

for (const dialect of dialects) {
  describe(dialect, () => {
    describe('GET /api/posts/v1/slow and /api/posts/v2/fast', () => {
      it('return byte-identical bodies: every post, in id order', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 30 })
        const slow = await app.inject({ url: '/api/posts/v1/slow' })
        const fast = await app.inject({ url: '/api/posts/v2/fast' })
        assert.equal(slow.statusCode, 200)
        assert.equal(fast.statusCode, 200)
        assert.equal(slow.body, fast.body)
        const posts = fast.json<Array<{ id: number }>>()
        assert.deepEqual(posts.map((p) => p.id), Array.from({ length: 30 }, (_, i) => i + 1))
      })

      it('see writes made through the CRUD API', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 2 })
        await app.inject({ method: 'DELETE', url: '/api/posts/1' })
        await app.inject({ method: 'POST', url: '/api/posts', payload: { title: 't', content: 'c', author: 'a' } })
        const slow = await app.inject({ url: '/api/posts/v1/slow' })
        assert.equal(slow.body, (await app.inject({ url: '/api/posts/v2/fast' })).body)
        assert.deepEqual(slow.json<Array<{ id: number }>>().map((p) => p.id), [2, 3])
      })

      it('v1 makes exactly one simulated call per post, v2 makes none', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 40 })
        const slow = parseServerTiming((await app.inject({ url: '/api/posts/v1/slow' })).headers['server-timing'])
        const fast = parseServerTiming((await app.inject({ url: '/api/posts/v2/fast' })).headers['server-timing'])
        assert.equal(countOf(slow, 'outbound'), 40)
        assert.equal(countOf(fast, 'outbound'), 0)
        assert.equal(countOf(slow, 'db'), 1)
        assert.equal(countOf(fast, 'db'), 1)
      })

      it('v1 awaits its calls one after another (never two at once), as the lab\'s agent sees it', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 10 })
        const snapshot = await measure(app, async (baseUrl) => { await (await fetch(`${baseUrl}/api/posts/v1/slow`)).text() })
        const v1 = snapshot.routes.find((r) => r.key === 'GET /api/posts/v1/slow')!
        assert.deepEqual(v1.calls.map(({ target, count, maxConcurrency }) => ({ target, count, maxConcurrency })), [{ target: 'post-enrichment', count: 10, maxConcurrency: 1 }])
        assert.match(v1.calls[0]!.site[0]!, /^src\/scenarios\/sequential-awaits\/sequential-awaits\.routes\.ts:\d+$/)
      })

      it('count the calls in Prometheus as well', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 7 })
        await app.inject({ url: '/api/posts/v1/slow' })
        const metrics = (await app.inject({ url: '/metrics' })).body
        assert.match(metrics, /outbound_call_duration_seconds_count\{target="post-enrichment"\} 7\n/)
        assert.match(metrics, /http_request_outbound_calls_sum\{method="GET",route="\/api\/posts\/v1\/slow"\} 7\n/)
      })
    })

    describe('v1 over real HTTP', () => {
      it('does not block the event loop: GET / is answered while a v1 request is in flight', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 100, slowCallMs: 20 })
        const address = await app.listen({ host: '127.0.0.1', port: 0 })
        let slowDone = false
        const slow = fetch(`${address}/api/posts/v1/slow`).then(async (res) => {
          slowDone = true
          return res.json() as Promise<unknown[]>
        })
        // Wait until v1 has started making its calls, then ask for the root document.
        await new Promise((resolve) => setTimeout(resolve, 100))
        const root = await fetch(`${address}/`)
        assert.equal(root.status, 200)
        assert.equal(slowDone, false, 'GET / should finish while v1 is still waiting on its calls')
        assert.equal((await slow).length, 100)
      })
    })
  })
}
