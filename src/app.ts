// buildApp(config): the whole API, plugins registered in one readable list. Never listens.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import pkg from '../package.json' with { type: 'json' }
import type { Config } from './config.ts'
import { RouteStatsRegistry } from './diagnostics/route-stats.ts'
import { adminRoutes } from './plugins/admin.ts'
import dbPlugin from './plugins/db.ts'
import errorsPlugin from './plugins/errors.ts'
import metricsPlugin from './plugins/metrics.ts'
import requestTimingPlugin from './plugins/request-timing.ts'
import { postsRoutes } from './posts/posts.routes.ts'
import { ErrorResponse, Post } from './posts/posts.schemas.ts'
import { rootRoutes } from './root.routes.ts'
import { validatorCompiler } from './validation.ts'
import { eventLoopBlockRoutes } from './scenarios/event-loop-block/event-loop-block.routes.ts'
import { missingIndexRoutes } from './scenarios/missing-index/missing-index.routes.ts'
import { nPlusOneRoutes } from './scenarios/n-plus-one/n-plus-one.routes.ts'
import { overFetchingRoutes } from './scenarios/over-fetching/over-fetching.routes.ts'
import { sequentialAwaitsRoutes } from './scenarios/sequential-awaits/sequential-awaits.routes.ts'

export async function buildApp (config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 72_000
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)

  app.addSchema(Post)
  app.addSchema(ErrorResponse)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Baseplate blog API', version: pkg.version, description: 'Slow endpoints beside their fixed twins' },
      tags: [{ name: 'posts' }, { name: 'scenarios' }, { name: 'meta' }]
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  const routeStats = config.adminEnabled ? new RouteStatsRegistry() : undefined
  await app.register(errorsPlugin)
  await app.register(metricsPlugin, { expose: config.metrics })
  if (config.requestProfiling) await app.register(requestTimingPlugin, { serverTiming: config.serverTiming, routeStats })
  await app.register(dbPlugin, { config })

  await app.register(rootRoutes)
  await app.register(postsRoutes, { prefix: '/api/posts' })
  await app.register(sequentialAwaitsRoutes, { slowCallMs: config.slowCallMs })
  await app.register(nPlusOneRoutes, { prefix: '/api/scenarios/n-plus-one' })
  await app.register(eventLoopBlockRoutes, { prefix: '/api/scenarios/event-loop-block' })
  await app.register(missingIndexRoutes, { prefix: '/api/scenarios/missing-index' })
  await app.register(overFetchingRoutes, { prefix: '/api/scenarios/over-fetching' })
  for (const file of config.plugins.split(',').map((f) => f.trim()).filter(Boolean)) {
    const plugin = await import(pathToFileURL(resolve(file)).href) as { default: FastifyPluginAsync }
    await app.register(plugin.default)
  }
  if (routeStats !== undefined) await app.register(adminRoutes, { prefix: '/__admin', routeStats })

  return app
}
