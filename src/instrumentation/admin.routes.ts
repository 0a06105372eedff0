// Loopback-only admin routes for humans hunting by hand: CPU profiles of the running server, to
// open in Chrome DevTools. Registered only when ADMIN_ENABLED=true. (The lab measures through
// its agent instead.)
import { isIP } from 'node:net'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { HttpError } from '../http-errors.ts'
import { markInfrastructure } from './infrastructure.ts'
import { CpuProfiler } from './cpu-profiler.ts'

markInfrastructure(import.meta.url)

export function isLoopback (address: string | undefined): boolean {
  if (address === undefined) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return (isIP(v4) === 4 && v4.startsWith('127.')) || address === '::1'
}

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const profiler = new CpuProfiler()
  app.addHook('onRequest', async (request) => {
    if (!isLoopback(request.socket.remoteAddress)) throw new HttpError(403, 'admin routes answer loopback clients only')
  })
  app.addHook('onClose', async () => {
    if (profiler.running) await profiler.stop()
  })

  const hidden = { hide: true }
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
