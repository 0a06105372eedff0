// TypeBox schemas of the posts API: validation, serialization, OpenAPI and TypeScript types.
import { Type, type Static } from 'typebox'

export const Post = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  title: Type.String(),
  content: Type.String(),
  author: Type.String(),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'Post', additionalProperties: false })
export type Post = Static<typeof Post>

/** `x-text`: no NUL and no unpaired surrogate (see plugins/validation.ts). */
const fields = {
  title: Type.String({ minLength: 1, maxLength: 200, 'x-text': true }),
  content: Type.String({ minLength: 1, maxLength: 20_000, 'x-text': true }),
  author: Type.String({ minLength: 1, maxLength: 100, 'x-text': true })
}

export const PostCreate = Type.Object(fields, { additionalProperties: false })
export type PostCreate = Static<typeof PostCreate>

export const PostPatch = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 })
export type PostPatch = Static<typeof PostPatch>

export const PostIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

export const PostListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'nextCursor of the previous page' }))
}, { additionalProperties: false })

export const PostPage = Type.Object({
  items: Type.Array(Type.Ref('Post')),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as ?cursor= to get the next page; null on the last page' })
})

export const PostList = Type.Array(Type.Ref('Post'))
