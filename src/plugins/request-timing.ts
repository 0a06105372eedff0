// Per-request timing: every request runs inside a RequestProfile; on the way out its numbers
// become a Server-Timing header, Prometheus observations and (when enabled) per-route stats.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { RequestProfile, runWithProfile } from '../diagnostics/request-profile.ts'
import { startStallMonitor } from '../diagnostics/event-loop-stalls.ts'
import type { RouteStatsRegistry } from '../diagnostics/route-stats.ts'
import { observeUndiciRequests } from '../outbound/track-outbound.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Leave this route out of request metrics (used by /metrics itself). */
    untimed?: boolean
  }
  interface FastifyRequest {
    profile?: RequestProfile
  }
}

export interface RequestTimingOptions {
  serverTiming: boolean
  routeStats?: RouteStatsRegistry
}

const fmt = (ms: number): string => ms.toFixed(1)

export function serverTimingHeader (profile: RequestProfile, totalMs: number): string {
  return [
    `db;dur=${fmt(profile.dbMs)};desc="${profile.dbCount} queries"`,
    `outbound;dur=${fmt(profile.outboundMs)};desc="${profile.outboundCount} calls"`,
    `blocked;dur=${fmt(profile.blockedMs())};desc="event loop stalled"`,
    `total;dur=${fmt(totalMs)}`
  ].join(', ')
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched'

export default fp(async (app, options: RequestTimingOptions) => {
  const stopStallMonitor = startStallMonitor()
  app.addHook('onClose', async () => stopStallMonitor())
  observeUndiciRequests()
  const { metrics } = app

  app.decorateRequest('profile', undefined)

  // prom-client hashes label objects on every observation; children are looked up once per
  // method, route and status instead.
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
    const details = options.routeStats?.route(`${request.method} ${routeOf(request)}`)
    request.profile = new RequestProfile(details)
    runWithProfile(request.profile, done)
  })

  if (options.serverTiming) {
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.profile !== undefined) {
        reply.header('server-timing', serverTimingHeader(request.profile, request.profile.elapsedMs()))
      }
      done(null, payload)
    })
  }

  app.addHook('onResponse', (request, reply, done) => {
    const profile = request.profile
    if (profile === undefined) return done()
    const totalMs = profile.elapsedMs()
    const blockedMs = profile.blockedMs()
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
    m.queries.observe(profile.dbCount)
    m.outbound.observe(profile.outboundCount)
    m.blocked.observe(blockedMs / 1000)
    if (profile.details !== undefined) {
      const responseBytes = Number(reply.getHeader('content-length') ?? 0)
      options.routeStats?.finish(profile.details, profile, { totalMs, blockedMs, responseBytes })
    }
    done()
  })
}, { name: 'request-timing', dependencies: ['metrics'] })
