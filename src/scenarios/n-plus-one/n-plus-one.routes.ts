// Scenario n-plus-one: a post list page that also shows each author's profile and comment count.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ScenarioOptions } from '../scenario-server.ts'
import { Type } from 'typebox'
import { listPostsWithAuthorsJoined, listPostsWithAuthorsOneByOne } from './n-plus-one.repository.ts'
import { PostsWithAuthorsQuery, PostWithAuthor } from './n-plus-one.schemas.ts'

export const nPlusOneRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app) => {
  const schema = { tags: ['scenarios'], querystring: PostsWithAuthorsQuery, response: { 200: Type.Array(PostWithAuthor) } }

  app.get('/slow', { schema: { ...schema, summary: 'Posts with author and comment count, two queries per post (slow)' } },
    async (request) => listPostsWithAuthorsOneByOne(app.db, request.query.limit))

  app.get('/fast', { schema: { ...schema, summary: 'The same page in one query (fast)' } },
    async (request) => listPostsWithAuthorsJoined(app.db, request.query.limit))
}
