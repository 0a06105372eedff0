// Prometheus metrics: RED per route, runtime, database statements and outbound calls.
import { performance } from 'node:perf_hooks'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { outboundCalls, type OutboundCallMessage } from '../outbound/track-outbound.ts'

markInfrastructure(import.meta.url)

/** 1 ms … 10 s: resolves the fast twins, the multi-second slow routes and the 500 ms budget. */
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 2.5, 5, 10]
const countBuckets = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

export function createMetrics () {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })
  let lastUtilization = performance.eventLoopUtilization()
  const seconds = { registers: [registry], buckets: latencyBuckets }
  const perRequest = { registers: [registry], buckets: countBuckets, labelNames: ['method', 'route'] as const }
  return {
    registry,
    requestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      ...seconds
    }),
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests completed by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry]
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests currently being served',
      registers: [registry]
    }),
    queriesPerRequest: new Histogram({
      name: 'http_request_db_queries',
      help: 'Database statements issued per request',
      ...perRequest
    }),
    outboundPerRequest: new Histogram({
      name: 'http_request_outbound_calls',
      help: 'Outbound calls made per request',
      ...perRequest
    }),
    blockedPerRequest: new Histogram({
      name: 'http_request_event_loop_blocked_seconds',
      help: 'Time the event loop was stalled while the request was open',
      labelNames: ['method', 'route'] as const,
      ...seconds
    }),
    queryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Database statement duration by kind (select, insert, update, delete, other)',
      labelNames: ['kind'] as const,
      ...seconds
    }),
    connectionWait: new Histogram({
      name: 'db_connection_wait_seconds',
      help: 'Time spent waiting for a database connection before a statement could run',
      ...seconds
    }),
    outboundDuration: new Histogram({
      name: 'outbound_call_duration_seconds',
      help: 'Outbound call duration by target',
      labelNames: ['target'] as const,
      ...seconds
    }),
    eventLoopUtilization: new Gauge({
      name: 'nodejs_eventloop_utilization_ratio',
      help: 'Share of time the event loop was busy since the previous scrape',
      registers: [registry],
      collect () {
        const now = performance.eventLoopUtilization()
        this.set(performance.eventLoopUtilization(now, lastUtilization).utilization)
        lastUtilization = now
      }
    })
  }
}

export type Metrics = ReturnType<typeof createMetrics>

/** select/insert/update/delete/other: a bounded label, never the SQL text itself. */
export function statementKind (sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase()
  return verb === 'select' || verb === 'insert' || verb === 'update' || verb === 'delete' ? verb : 'other'
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

export default fp(async (app, options: { expose: boolean }) => {
  const metrics = createMetrics()
  app.decorate('metrics', metrics)
  const onOutboundCall = (message: unknown): void => {
    const { target, durationMs } = message as OutboundCallMessage
    metrics.outboundDuration.observe({ target }, durationMs / 1000)
  }
  outboundCalls.subscribe(onOutboundCall)
  app.addHook('onClose', async () => { outboundCalls.unsubscribe(onOutboundCall) })
  if (options.expose) {
    app.get('/metrics', {
      config: { untimed: true },
      schema: {
        tags: ['meta'],
        summary: 'Prometheus metrics: RED per route, database statements, outbound calls, the runtime',
        response: { 200: { 'x-response-description': 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } }
      }
    }, async (_request, reply) => {
      reply.type(metrics.registry.contentType)
      return metrics.registry.metrics()
    })
  }
}, { name: 'metrics' })
