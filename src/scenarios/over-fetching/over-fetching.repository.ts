// Scenario over-fetching: an article list that ships every article with its full body (slow),
// or one page with only the columns a list shows (fast).
import type { Db } from '../../db/database.ts'
import type { Article, ArticleListItem } from './over-fetching.schemas.ts'

export async function listAllArticles (db: Db): Promise<Article[]> {
  // BOTTLENECK: every row, every column: 800 articles × ~16 KB of body ≈ 12 MB read, serialized
  // and sent per request, for a list screen that shows 20 titles and summaries.
  const rows = await db.selectFrom('articles').selectAll().orderBy('id').execute()
  return rows.map((row) => ({ id: row.id, title: row.title, summary: row.summary, author: row.author, createdAt: row.created_at, body: row.body }))
}

export async function listArticlePage (db: Db, limit: number, after: number): Promise<{ items: ArticleListItem[], nextCursor: number | null }> {
  // FIX: a keyset page of `limit` rows and only the listed columns: ~3 KB instead of ~5 MB.
  const rows = await db.selectFrom('articles')
    .select(['id', 'title', 'summary', 'author', 'created_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit).map((row) => ({ id: row.id, title: row.title, summary: row.summary, author: row.author, createdAt: row.created_at }))
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null }
}
