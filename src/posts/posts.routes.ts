// CRUD routes of the blog API under /api/posts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { badRequest, ErrorResponse, notFound } from '../http-errors.ts'
import { described } from '../openapi.ts'
import { sendJson } from '../send-json.ts'
import {
  deletePost, findPost, insertPost, listPostsPage, toPost, updatePost
} from './posts.repository.ts'
import {
  Post, PostCreate, PostIdParams, PostListQuery, PostPage, PostPatch
} from './posts.schemas.ts'

const tags = ['posts']
const malformed = described('A parameter or the body is malformed; `field` names it', ErrorResponse)
const errors = { 400: malformed, 404: described('No post has this id', ErrorResponse) }

const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url')

function decodeCursor (cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const match = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (match === null) throw badRequest('querystring/cursor is not a cursor returned by this API', 'querystring.cursor')
  return Number(match[1])
}

export const postsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags, summary: 'List posts, a page at a time, in id order', querystring: PostListQuery, response: { 200: described('A page of posts, and the cursor to the next one', PostPage), 400: malformed } }
  }, async (request, reply) => {
    const { limit, cursor } = request.query
    const { json, lastId, hasMore } = await listPostsPage(app.db, { limit, afterId: decodeCursor(cursor) })
    const nextCursor = hasMore ? encodeCursor(lastId!) : null
    if (nextCursor !== null) reply.header('link', `</api/posts?limit=${limit}&cursor=${nextCursor}>; rel="next"`)
    // The items arrive as JSON; the page around them is `{ items, nextCursor }`.
    return sendJson(reply, Buffer.concat([Buffer.from('{"items":'), json, Buffer.from(`,"nextCursor":${JSON.stringify(nextCursor)}}`)]))
  })

  app.get('/:id', {
    schema: { tags, summary: 'Get one post', params: PostIdParams, response: { 200: described('The post', Post), ...errors } }
  }, async (request) => {
    const row = await findPost(app.db, request.params.id)
    if (row === undefined) throw notFound(`post ${request.params.id}`)
    return toPost(row)
  })

  app.post('/', {
    schema: { tags, summary: 'Create a post', body: PostCreate, response: { 201: described('The new post; the Location header names it', Post), 400: malformed } }
  }, async (request, reply) => {
    const post = toPost(await insertPost(app.db, request.body))
    return reply.code(201).header('location', `/api/posts/${post.id}`).send(post)
  })

  /** PUT (every field) and PATCH (some fields) differ only in what their body schema requires. */
  async function update (id: number, changes: PostPatch): Promise<Post> {
    const row = await updatePost(app.db, id, changes)
    if (row === undefined) throw notFound(`post ${id}`)
    return toPost(row)
  }

  app.put('/:id', {
    schema: { tags, summary: 'Replace a post', params: PostIdParams, body: PostCreate, response: { 200: described('The post as it is now', Post), ...errors } }
  }, async (request) => update(request.params.id, request.body))

  app.patch('/:id', {
    schema: { tags, summary: 'Change some fields of a post', params: PostIdParams, body: PostPatch, response: { 200: described('The post as it is now', Post), ...errors } }
  }, async (request) => update(request.params.id, request.body))

  app.delete('/:id', {
    schema: { tags, summary: 'Delete a post', params: PostIdParams, response: { 204: described('Deleted', Type.Null()), ...errors } }
  }, async (request, reply) => {
    if (!await deletePost(app.db, request.params.id)) throw notFound(`post ${request.params.id}`)
    return reply.code(204).send(null)
  })
}
