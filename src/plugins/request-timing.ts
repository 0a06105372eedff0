// Per-request timing: every request runs with a RequestAccount; on the way out its numbers
// become a Server-Timing header and Prometheus observations. (The lab's agent is separate.)
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { startStallMonitor } from '../instrumentation/loop-stalls.ts'
import { RequestAccount, runWithAccount } from '../instrumentation/request-context.ts'
import { observeUndiciRequests } from '../outbound/track-outbound.ts'

markInfrastructure(import.meta.url)

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Leave this route out of request metrics (used by /metrics itself). */
    untimed?: boolean
  }
  interface FastifyRequest {
    account?: RequestAccount
  }
}

export interface RequestTimingOptions {
  serverTiming: boolean
}

const fmt = (ms: number): string => ms.toFixed(1)

export function serverTimingHeader (account: RequestAccount, totalMs: number): string {
  return [
    `db;dur=${fmt(account.dbMs)};desc="${account.dbCount} queries"`,
    `outbound;dur=${fmt(account.outboundMs)};desc="${account.outboundCount} calls"`,
    `blocked;dur=${fmt(account.blockedMs())};desc="event loop stalled"`,
    `total;dur=${fmt(totalMs)}`
  ].join(', ')
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched'

export default fp(async (app, options: RequestTimingOptions) => {
  const stopStallMonitor = startStallMonitor()
  app.addHook('onClose', async () => stopStallMonitor())
  observeUndiciRequests()
  const { metrics } = app

  app.decorateRequest('account', undefined)

  // One set of bound children per method, route and status, looked up by a string key: no label
  // object is built per request (prom-client still validates and hashes the bound labels on each
  // observation, about 0.5 µs each: most of this plugin's cost after the Server-Timing header).
  const children = new Map<string, ReturnType<typeof metricsFor>>()
  function metricsFor (method: string, route: string, statusCode: number) {
    const labels = { method, route }
    return {
      duration: metrics.requestDuration.labels({ ...labels, status_code: statusCode }),
      count: metrics.requests.labels({ ...labels, status_code: statusCode }),
      queries: metrics.queriesPerRequest.labels(labels),
      outbound: metrics.outboundPerRequest.labels(labels),
      blocked: metrics.blockedPerRequest.labels(labels)
    }
  }

  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config.untimed === true) return done()
    metrics.inFlight.inc()
    request.account = new RequestAccount()
    runWithAccount(request.account, done)
  })

  if (options.serverTiming) {
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.account !== undefined) {
        reply.header('server-timing', serverTimingHeader(request.account, request.account.elapsedMs()))
      }
      done(null, payload)
    })
  }

  app.addHook('onResponse', (request, reply, done) => {
    const account = request.account
    if (account === undefined) return done()
    const totalMs = account.elapsedMs()
    const blockedMs = account.blockedMs()
    const route = routeOf(request)
    const key = `${request.method} ${route} ${reply.statusCode}`
    let m = children.get(key)
    if (m === undefined) {
      m = metricsFor(request.method, route, reply.statusCode)
      children.set(key, m)
    }
    metrics.inFlight.dec()
    m.duration.observe(totalMs / 1000)
    m.count.inc()
    m.queries.observe(account.dbCount)
    m.outbound.observe(account.outboundCount)
    m.blocked.observe(blockedMs / 1000)
    done()
  })
}, { name: 'request-timing', dependencies: ['metrics'] })
