// Sending JSON that is already written (by the database, see posts.repository.ts): as bytes, with
// the content type Fastify gives serialized JSON, past the response serializer. The route's
// response schema still documents the body; test/posts-json.test.ts checks the body matches it.
import type { FastifyReply } from 'fastify'

export function sendJson (reply: FastifyReply, json: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json)
}
