// Response of the n-plus-one routes: a page of posts, each with its author's profile and its
// comments, each comment with its author's profile card (name, bio, how many comments they wrote).
import { Type, type Static } from 'typebox'

const Profile = Type.Union([Type.Object({ name: Type.String(), bio: Type.String() }, { additionalProperties: false }), Type.Null()])
const Card = Type.Union([Type.Object({ name: Type.String(), bio: Type.String(), comments: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), Type.Null()])

export const CommentWithAuthor = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  createdAt: Type.String(),
  author: Card
}, { additionalProperties: false })
export type CommentWithAuthor = Static<typeof CommentWithAuthor>

export const PostWithComments = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  author: Profile,
  comments: Type.Array(CommentWithAuthor)
}, { additionalProperties: false })
export type PostWithComments = Static<typeof PostWithComments>

export const PostsWithCommentsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'posts on the page' })
}, { additionalProperties: false })
