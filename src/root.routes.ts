// GET /: what this API is and where to go next.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import pkg from '../package.json' with { type: 'json' }

const Root = Type.Object({
  name: Type.String(),
  version: Type.String(),
  message: Type.String(),
  links: Type.Record(Type.String(), Type.String())
})

const root = {
  name: pkg.name,
  version: pkg.version,
  message: 'Baseplate blog API: functional tests pass on v1 and v2; only a load test tells them apart.',
  links: {
    docs: '/docs',
    openapi: '/docs/json',
    posts: '/api/posts',
    post: '/api/posts/{id}',
    slow: '/api/posts/v1/slow',
    fast: '/api/posts/v2/fast',
    'n-plus-one': '/api/scenarios/n-plus-one/{slow,fast}',
    'event-loop-block': '/api/scenarios/event-loop-block/{slow,fast}',
    'missing-index': '/api/scenarios/missing-index/{slow,fast}?userId=42',
    'over-fetching': '/api/scenarios/over-fetching/{slow,fast}',
    metrics: '/metrics'
  }
}

export const rootRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { tags: ['meta'], summary: 'Name, version and links', response: { 200: Root } } }, async () => root)
}
