// Responses of the over-fetching routes: every article in full, or a page of what a list shows.
import { Type, type Static } from 'typebox'

const listFields = {
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  author: Type.String(),
  createdAt: Type.String()
}

export const Article = Type.Object({ ...listFields, body: Type.String() }, { additionalProperties: false })
export type Article = Static<typeof Article>

export const ArticleListItem = Type.Object(listFields, { additionalProperties: false })
export type ArticleListItem = Static<typeof ArticleListItem>

export const ArticlePage = Type.Object({
  items: Type.Array(ArticleListItem),
  nextCursor: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as ?after= for the next page' })
})

export const ArticlePageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  // Bounded like every id here: a JavaScript number holds it exactly, and so do both databases.
  after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'id of the last article of the previous page' })
}, { additionalProperties: false })
