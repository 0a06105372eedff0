// Per-request timing: every request runs inside a RequestProfile; on the way out its numbers
// become a Server-Timing header, Prometheus observations and (when enabled) per-route stats.
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
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

  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config.untimed === true) return done()
    metrics.inFlight.inc()
    const details = options.routeStats?.route(`${request.method} ${routeOf(request)}`)
    request.profile = new RequestProfile(details)
    runWithProfile(request.profile, done)
  })

  if (options.serverTiming) {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.profile !== undefined) {
        reply.header('server-timing', serverTimingHeader(request.profile, request.profile.elapsedMs()))
      }
    })
  }

  app.addHook('onResponse', async (request, reply) => {
    const profile = request.profile
    if (profile === undefined) return
    const totalMs = profile.elapsedMs()
    const labels = { method: request.method, route: routeOf(request) }
    metrics.inFlight.dec()
    metrics.requestDuration.observe({ ...labels, status_code: reply.statusCode }, totalMs / 1000)
    metrics.requests.inc({ ...labels, status_code: reply.statusCode })
    metrics.queriesPerRequest.observe(labels, profile.dbCount)
    metrics.outboundPerRequest.observe(labels, profile.outboundCount)
    metrics.blockedPerRequest.observe(labels, profile.blockedMs() / 1000)
    if (profile.details !== undefined) {
      const bytes = Number(reply.getHeader('content-length') ?? 0)
      options.routeStats?.finish(profile.details, profile, totalMs, bytes)
    }
  })
}, { name: 'request-timing', dependencies: ['metrics'] })
