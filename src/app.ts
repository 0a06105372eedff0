// buildApp(config): the whole API, plugins registered in one readable list. Never listens.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import pkg from '../package.json' with { type: 'json' }
import type { Config } from './config.ts'
import { ErrorResponse } from './http-errors.ts'
import { adminRoutes } from './instrumentation/admin.routes.ts'
import dbPlugin from './plugins/db.ts'
import errorsPlugin, { frameworkErrors } from './plugins/errors.ts'
import { documentedRoute } from './openapi.ts'
import metricsPlugin from './plugins/metrics.ts'
import requestTimingPlugin from './plugins/request-timing.ts'
import validationPlugin from './plugins/validation.ts'
import { postsRoutes } from './posts/posts.routes.ts'
import { Post } from './posts/posts.schemas.ts'
import { rootRoutes } from './root.routes.ts'
import { scenarioRoutes } from './scenarios/index.ts'

export async function buildApp (config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 72_000,
    frameworkErrors
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addSchema(Post)
  app.addSchema(ErrorResponse)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Baseplate blog API', version: pkg.version, description: 'Slow endpoints beside their fixed twins' },
      tags: [{ name: 'posts' }, { name: 'scenarios' }, { name: 'meta' }]
    },
    transform: documentedRoute
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(validationPlugin)
  await app.register(errorsPlugin)
  await app.register(metricsPlugin, { expose: config.metrics })
  if (config.requestProfiling) await app.register(requestTimingPlugin, { serverTiming: config.serverTiming })
  await app.register(dbPlugin, { config })

  await app.register(rootRoutes)
  await app.register(postsRoutes, { prefix: '/api/posts' })
  await app.register(scenarioRoutes, { config })
  for (const file of config.plugins.split(',').map((f) => f.trim()).filter(Boolean)) {
    const plugin = await import(pathToFileURL(resolve(file)).href) as { default: FastifyPluginAsync }
    await app.register(plugin.default)
  }
  if (config.adminEnabled) await app.register(adminRoutes, { prefix: '/__admin' })

  return app
}
