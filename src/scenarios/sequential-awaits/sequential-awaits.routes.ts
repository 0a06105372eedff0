// Scenario "sequential-awaits", the original project's: every post waits for its own remote
// call, one after the other. v1 is the bottleneck, v2 the same list without it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { simulatedRemoteCall } from '../../outbound/simulated-call.ts'
import { listAllPosts } from '../../posts/posts.repository.ts'
import { PostList } from '../../posts/posts.schemas.ts'
import { sendJson } from '../../send-json.ts'
import { described } from '../../openapi.ts'
import type { ScenarioOptions } from '../scenario-server.ts'

export const sequentialAwaitsRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app, { config: { slowCallMs } }) => {
  const schema = { tags: ['scenarios'], response: { 200: described('Every post, in id order', PostList) } }

  app.get('/api/posts/v1/slow', {
    schema: { ...schema, summary: 'All posts, each awaiting a simulated remote call in turn (slow)' }
  }, async (_request, reply) => {
    const posts = await listAllPosts(app.db)
    for (const id of posts.ids) {
      // BOTTLENECK: one awaited call per post, in sequence: 100 posts × SLOW_CALL_MS (20 ms) ≈ 2 s.
      await simulatedRemoteCall('post-enrichment', slowCallMs, id)
    }
    return sendJson(reply, posts.json)
  })

  app.get('/api/posts/v2/fast', {
    schema: { ...schema, summary: 'All posts, the same body as v1 without the per-post wait (fast)' }
  }, async (_request, reply) => {
    // FIX: the per-post call is gone (its result was never used): one query, no waiting, a few ms.
    const posts = await listAllPosts(app.db)
    return sendJson(reply, posts.json)
  })
}
