// Scenario n-plus-one: a post list page with each post's author and comments (and theirs).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MalformedQuery } from '../../http-errors.ts'
import { described } from '../../openapi.ts'
import type { ScenarioOptions } from '../scenario-server.ts'
import { listPostsBatched, listPostsOneByOne } from './n-plus-one.repository.ts'
import { PostsWithCommentsQuery, PostWithComments } from './n-plus-one.schemas.ts'

export const nPlusOneRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app) => {
  const schema = { tags: ['scenarios'], querystring: PostsWithCommentsQuery, response: { 200: described('Posts with their comments and each commenter\'s card', Type.Array(PostWithComments)), 400: MalformedQuery } }

  app.get('/slow', { schema: { ...schema, summary: 'Posts with authors and comments, a query per row (slow)' } },
    async (request) => listPostsOneByOne(app.db, request.query.limit))

  app.get('/fast', { schema: { ...schema, summary: 'The same page in two queries (fast)' } },
    async (request) => listPostsBatched(app.db, request.query.limit))
}
