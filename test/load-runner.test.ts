import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { scenarios } from '../src/scenarios/catalogue.ts'
import { parseDuration } from '../src/runner/duration.ts'
import { runLoad } from '../src/runner/run.ts'
import { evaluateThresholds, parseThreshold } from '../src/runner/thresholds.ts'
import { targetVus } from '../src/runner/vu-executor.ts'

describe('k6 threshold expressions', () => {
  it('parse percentiles, aggregations and rates', () => {
    assert.deepEqual(parseThreshold('p(95)<500'), { aggregation: 'p(95)', operator: '<', limit: 500, percentile: 95 })
    assert.deepEqual(parseThreshold('rate < 0.01'), { aggregation: 'rate', operator: '<', limit: 0.01, percentile: undefined })
    assert.equal(parseThreshold('p(99.9)<=1000').percentile, 99.9)
    assert.throws(() => parseThreshold('p95 under 500'), /unsupported threshold/)
  })

  it('evaluate against measured values', () => {
    const values: Record<string, number> = { 'p(95)': 612, rate: 0 }
    const results = evaluateThresholds({ http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] }, (_m, a) => values[a])
    assert.deepEqual(results.map((r) => [r.metric, r.ok, r.actual]), [['http_req_duration', false, 612], ['http_req_failed', true, 0]])
  })

  it('refuse a threshold on a metric the runner does not measure', () => {
    assert.throws(() => evaluateThresholds({ grpc_req_duration: ['avg<1'] }, () => undefined), /unknown metric/)
  })
})

describe('load shapes', () => {
  it('parse k6 durations', () => {
    assert.equal(parseDuration('10s'), 10)
    assert.equal(parseDuration('1m30s'), 90)
    assert.equal(parseDuration('250ms'), 0.25)
    assert.throws(() => parseDuration('10 seconds'))
  })

  it('interpolate VUs linearly inside each stage, like k6', () => {
    const stages = scenarios['sequential-awaits'].shapes.full.stages
    assert.deepEqual([0, 5, 10, 20, 30, 35, 40].map((t) => targetVus(stages, t)), [0, 5, 10, 10, 10, 5, 0])
  })

  it('keep the original project\'s k6 shape, checks and threshold', () => {
    const s = scenarios['sequential-awaits']
    assert.deepEqual(s.shapes.full.stages, [{ duration: '10s', target: 10 }, { duration: '20s', target: 10 }, { duration: '10s', target: 0 }])
    assert.equal(s.shapes.full.thinkTimeSeconds, 1)
    assert.deepEqual(s.checks.map((c) => c.name), ['status is 200', 'response time < 500ms'])
    assert.deepEqual(s.thresholds.http_req_duration, ['p(95)<500'])
  })
})

async function delayedServer (delayMs: number, status = 200) {
  const server = createServer((_req, res) => setTimeout(() => res.writeHead(status).end('{"ok":true}'), delayMs))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

describe('runLoad', () => {
  const shape = { stages: [{ duration: '500ms', target: 3 }, { duration: '1s', target: 3 }], thinkTimeSeconds: 0.05, gracefulStopSeconds: 2 }
  const spec = { label: 't', path: '/', checks: [{ name: 'status is 200', status: 200 }], thresholds: { http_req_duration: ['p(95)<20'], http_req_failed: ['rate<0.01'] } }

  it('fails the latency threshold on a route slower than it allows', async (t) => {
    const { server, baseUrl } = await delayedServer(40)
    t.after(() => server.close())
    const result = await runLoad({ ...spec, baseUrl, shape })
    assert.ok(result.requests > 5)
    assert.ok(result.latency.minMs >= 40)
    assert.equal(result.passed, false)
    assert.deepEqual(result.thresholds.map((r) => r.ok), [false, true])
    assert.equal(result.checks[0]?.fails, 0)
  })

  it('passes on a fast route, and counts errors as failed requests and failed checks', async (t) => {
    const fast = await delayedServer(0)
    const broken = await delayedServer(0, 500)
    t.after(() => { fast.server.close(); broken.server.close() })
    assert.equal((await runLoad({ ...spec, baseUrl: fast.baseUrl, shape })).passed, true)
    const failing = await runLoad({ ...spec, baseUrl: broken.baseUrl, shape })
    assert.equal(failing.failed, failing.requests)
    assert.equal(failing.checks[0]?.passes, 0)
    assert.equal(failing.passed, false)
  })

  it('runs a closed loop with autocannon for a fixed time', async (t) => {
    const { server, baseUrl } = await delayedServer(0)
    t.after(() => server.close())
    const result = await runLoad({ ...spec, baseUrl, closedLoop: { connections: 2, durationSeconds: 1 } })
    assert.equal(result.executor, 'closed-loop')
    assert.ok(result.requests > 50)
    assert.ok(result.timeline.length >= 1)
  })
})
