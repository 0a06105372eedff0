// Posts persistence. Every function takes the executor first, so transactions and test
// databases slot in without singletons.
import type { Selectable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { PostsTable } from '../db/schema.ts'
import type { Post, PostCreate, PostPatch } from './posts.schemas.ts'

export type PostRow = Selectable<PostsTable>

export function toPost (row: PostRow): Post {
  return { id: row.id, title: row.title, content: row.content, author: row.author, createdAt: row.created_at }
}

/** Keyset page in id order: `limit + 1` rows are read to know whether a next page exists. */
export async function listPostsPage (db: Db, { limit, afterId }: { limit: number, afterId: number }) {
  const rows = await db.selectFrom('posts').selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit }
}

export function listAllPosts (db: Db): Promise<PostRow[]> {
  return db.selectFrom('posts').selectAll().orderBy('id').execute()
}

export function findPost (db: Db, id: number): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertPost (db: Db, input: PostCreate, now = new Date()): Promise<PostRow> {
  return db.insertInto('posts')
    .values({ ...input, created_at: now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updatePost (db: Db, id: number, patch: PostPatch): Promise<PostRow | undefined> {
  return db.updateTable('posts').set(patch).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function deletePost (db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('posts').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
