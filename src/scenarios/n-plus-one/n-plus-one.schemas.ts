// Response of the n-plus-one routes: a page of posts with their author profile and comment count.
import { Type, type Static } from 'typebox'

export const PostWithAuthor = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  author: Type.Union([Type.Object({ name: Type.String(), bio: Type.String() }), Type.Null()]),
  commentCount: Type.Integer({ minimum: 0 })
}, { additionalProperties: false })
export type PostWithAuthor = Static<typeof PostWithAuthor>

export const PostsWithAuthorsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 })
}, { additionalProperties: false })
