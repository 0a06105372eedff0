// Posts persistence. Every function takes the executor first, so transactions and test
// databases slot in without singletons.
import { sql, type Selectable } from 'kysely'
import { dialectOf, type Db } from '../db/database.ts'
import type { PostsTable } from '../db/schema.ts'
import type { Post, PostCreate, PostPatch } from './posts.schemas.ts'

export type PostRow = Selectable<PostsTable>

export function toPost (row: PostRow): Post {
  return { id: row.id, title: row.title, content: row.content, author: row.author, createdAt: row.created_at }
}

/** A post's columns under the names, and in the order, of the Post schema. */
const postFields = ['id', 'title', 'content', 'author', 'created_at as createdAt'] as const

/*
 * Lists go out as JSON the database writes. SQLite's json_group_array(json_object(…)), read as a
 * BLOB, gives the very bytes JSON.stringify would give for the same posts (test/posts-json.test.ts
 * checks every character), with no row objects and no serializer: a quarter of the cost. The
 * aggregate takes the rows as SQLite reads them, and a table, or a range of its ids, is read in
 * id order. These two statements are written in SQL rather than built: building them cost more
 * than running them. PostgreSQL spaces its JSON differently: there the rows are serialized here.
 */
const postJson = sql`json_object('id', id, 'title', title, 'content', content, 'author', author, 'createdAt', created_at)`

const serialize = (posts: Post[]): Buffer => Buffer.from(JSON.stringify(posts))

/** Every post in id order: the JSON array the API sends, and the ids in it. */
export async function listAllPosts (db: Db): Promise<{ json: Buffer, ids: number[] }> {
  if (dialectOf(db) === 'postgres') {
    const posts = await db.selectFrom('posts').select(postFields).orderBy('id').execute()
    return { json: serialize(posts), ids: posts.map((post) => post.id) }
  }
  const result = await sql<{ json: Buffer, ids: string }>`
    select cast(json_group_array(${postJson}) as blob) as json, json_group_array(id) as ids from posts`.execute(db)
  const { json, ids } = result.rows[0]!
  return { json, ids: JSON.parse(ids) }
}

/** Keyset page in id order: the JSON array of its posts, the last id in it, and whether more follow. */
export async function listPostsPage (db: Db, { limit, afterId }: { limit: number, afterId: number }): Promise<{
  json: Buffer, lastId: number | undefined, hasMore: boolean
}> {
  if (dialectOf(db) === 'postgres') {
    // One row more than the page tells whether a next page exists.
    const rows = await db.selectFrom('posts').select(postFields).where('id', '>', afterId).orderBy('id').limit(limit + 1).execute()
    const page = rows.slice(0, limit)
    return { json: serialize(page), lastId: page.at(-1)?.id, hasMore: rows.length > limit }
  }
  // The page is the id range from after the cursor to the limit-th post after it (or to the end).
  // Ids ascend, so a post follows the page exactly when the highest id lies beyond the page's last.
  const result = await sql<{ json: Buffer, lastId: number | null, maxId: number | null }>`
    select cast(json_group_array(${postJson}) as blob) as json, max(id) as lastId, (select max(id) from posts) as maxId
    from posts
    where id > ${afterId} and id <= coalesce((select id from posts where id > ${afterId} order by id limit 1 offset ${limit - 1}), ${Number.MAX_SAFE_INTEGER})`.execute(db)
  const { json, lastId, maxId } = result.rows[0]!
  return { json, lastId: lastId ?? undefined, hasMore: lastId !== null && maxId !== null && maxId > lastId }
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
