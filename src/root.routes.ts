// GET /: what this API is and where to go next.
import { described } from './openapi.ts'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import pkg from '../package.json' with { type: 'json' }
import { scenarioNames, scenarios } from './scenarios/catalogue.ts'

const Root = Type.Object({
  name: Type.String(),
  version: Type.String(),
  message: Type.String(),
  links: Type.Record(Type.String(), Type.String(), { description: 'every link is a URL you can GET as it is' })
})

const root = {
  name: pkg.name,
  version: pkg.version,
  message: 'Baseplate blog API: functional tests pass on v1 and v2; only a load test tells them apart.',
  links: {
    docs: '/docs',
    openapi: '/docs/json',
    posts: '/api/posts',
    post: '/api/posts/1',
    slow: '/api/posts/v1/slow',
    fast: '/api/posts/v2/fast',
    ...Object.fromEntries(scenarioNames.filter((name) => name !== 'sequential-awaits').flatMap((name) => [
      [`${name}/slow`, scenarios[name].slow],
      [`${name}/fast`, scenarios[name].fast]
    ])),
    metrics: '/metrics'
  }
}

export const rootRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { tags: ['meta'], summary: 'Name, version and links', response: { 200: described('Name, version, and links to the routes', Root) } } }, async () => root)
}
