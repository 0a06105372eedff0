// Scenario n-plus-one: the first `limit` posts with author profile and comment count, loaded
// one query per post (slow) or in one query (fast).
import type { Db } from '../../db/database.ts'
import type { PostWithAuthor } from './n-plus-one.schemas.ts'

export async function listPostsWithAuthorsOneByOne (db: Db, limit: number): Promise<PostWithAuthor[]> {
  const posts = await db.selectFrom('posts').select(['id', 'title', 'author']).orderBy('id').limit(limit).execute()
  const result: PostWithAuthor[] = []
  for (const post of posts) {
    // BOTTLENECK: two queries per post, one round trip each: 1 + 2 × 50 = 101 statements per
    // request; each costs a round trip (DB_LATENCY_MS) on a database one network hop away.
    const author = await db.selectFrom('authors').select(['name', 'bio']).where('name', '=', post.author).executeTakeFirst()
    const { count } = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('count')).where('post_id', '=', post.id).executeTakeFirstOrThrow()
    result.push({ id: post.id, title: post.title, author: author ?? null, commentCount: Number(count) })
  }
  return result
}

export async function listPostsWithAuthorsJoined (db: Db, limit: number): Promise<PostWithAuthor[]> {
  // FIX: one statement joins the profiles and the comment counts: one round trip, whatever the page size.
  const rows = await db.selectFrom('posts')
    .leftJoin('authors', 'authors.name', 'posts.author')
    .leftJoin(
      (eb) => eb.selectFrom('comments').select(['post_id', (c) => c.fn.countAll<number>().as('count')]).groupBy('post_id').as('counts'),
      (join) => join.onRef('counts.post_id', '=', 'posts.id')
    )
    .select(['posts.id', 'posts.title', 'authors.name as author_name', 'authors.bio as author_bio', 'counts.count'])
    .orderBy('posts.id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    author: row.author_name === null ? null : { name: row.author_name, bio: row.author_bio! },
    commentCount: Number(row.count ?? 0)
  }))
}
