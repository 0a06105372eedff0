// Loopback-only admin routes for the lab and for humans hunting by hand: per-route
// diagnostics and CPU profiles. Registered only when ADMIN_ENABLED=true.
import { isIP } from 'node:net'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { HttpError } from '../http-errors.ts'
import { infrastructureFiles, markInfrastructure } from './call-site.ts'
import { CpuProfiler } from './cpu-profiler.ts'
import type { RouteStatsRegistry } from './route-stats.ts'

markInfrastructure(import.meta.url)

export function isLoopback (address: string | undefined): boolean {
  if (address === undefined) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return (isIP(v4) === 4 && v4.startsWith('127.')) || address === '::1'
}

export interface AdminOptions {
  routeStats: RouteStatsRegistry
  /** The query plan of a statement the application ran (never SQL supplied by the client). */
  explain: (sql: string, parameters: readonly unknown[]) => Promise<string[]>
}

export const adminRoutes: FastifyPluginAsyncTypebox<AdminOptions> = async (app, { routeStats, explain }) => {
  const profiler = new CpuProfiler()
  app.addHook('onRequest', async (request) => {
    if (!isLoopback(request.socket.remoteAddress)) throw new HttpError(403, 'admin routes answer loopback clients only')
  })
  app.addHook('onClose', async () => {
    if (profiler.running) await profiler.stop()
  })

  const hidden = { hide: true }
  app.get('/diagnostics', {
    schema: { ...hidden, querystring: Type.Object({ explain: Type.Boolean({ default: false }) }) },
    config: { untimed: true }
  }, async (request) => {
    const routes = routeStats.snapshot()
    // The files that are instrumentation, so a reader of this process's stacks can skip them.
    const infrastructure = infrastructureFiles()
    if (!request.query.explain) return { routes, infrastructure }
    // Query plans of the statements the routes actually ran (never SQL supplied by the client).
    return {
      infrastructure,
      routes: await Promise.all(routes.map(async (route) => ({
        ...route,
        statements: await Promise.all(route.statements.map(async (statement) => ({
          ...statement,
          plan: await explain(statement.sql, statement.parameters).catch(() => [])
        })))
      })))
    }
  })

  app.post('/diagnostics/reset', { schema: hidden, config: { untimed: true } }, async (_request, reply) => {
    routeStats.reset()
    return reply.code(204).send()
  })

  app.post('/profile/start', {
    schema: { ...hidden, querystring: Type.Object({ intervalUs: Type.Integer({ minimum: 50, maximum: 100_000, default: 500 }) }) },
    config: { untimed: true }
  }, async (request, reply) => {
    if (profiler.running) throw new HttpError(409, 'a CPU profile is already being recorded')
    await profiler.start(request.query.intervalUs)
    return reply.code(204).send()
  })

  app.post('/profile/stop', { schema: hidden, config: { untimed: true } }, async () => {
    if (!profiler.running) throw new HttpError(409, 'no CPU profile is being recorded')
    return profiler.stop()
  })
}
