// Scenario n-plus-one: a page of posts with each post's author and comments, and each comment's
// author card (with how many comments they wrote), loaded one query per row (slow) or in two
// queries whatever the page size (fast).
import type { Db } from '../../db/database.ts'
import type { CommentWithAuthor, PostWithComments } from './n-plus-one.schemas.ts'

type Profile = PostWithComments['author']
type Card = CommentWithAuthor['author']

export async function listPostsOneByOne (db: Db, limit: number): Promise<PostWithComments[]> {
  const posts = await db.selectFrom('posts').select(['id', 'title', 'author']).orderBy('id').limit(limit).execute()
  const page: PostWithComments[] = []
  for (const post of posts) {
    const author = await db.selectFrom('authors').select(['name', 'bio']).where('name', '=', post.author).executeTakeFirst()
    const comments = await db.selectFrom('comments').select(['id', 'body', 'author', 'created_at']).where('post_id', '=', post.id).orderBy('id').execute()
    const withAuthors: CommentWithAuthor[] = []
    for (const comment of comments) {
      // BOTTLENECK: a query per row, inside loops: per post its author and its comments, and here,
      // per comment, its author's card (a count over all comments): ~1,400 statements per page.
      const commenter = await db.selectFrom('authors').select((eb) => ['name', 'bio', eb.selectFrom('comments').select(eb.fn.countAll<number>().as('n')).whereRef('comments.author', '=', 'authors.name').as('comments')]).where('name', '=', comment.author).executeTakeFirst()
      withAuthors.push({ id: comment.id, body: comment.body, createdAt: comment.created_at, author: card(commenter) })
    }
    page.push({ id: post.id, title: post.title, author: author ?? null, comments: withAuthors })
  }
  return page
}

export async function listPostsBatched (db: Db, limit: number): Promise<PostWithComments[]> {
  // FIX: two statements whatever the page size: the posts joined with their authors, then every
  // comment of those posts joined with its author, whose comment count the database keeps
  // (authors.comment_count, migration 0007) instead of counting every comment per request.
  const posts = await db.selectFrom('posts')
    .leftJoin('authors', 'authors.name', 'posts.author')
    .select(['posts.id', 'posts.title', 'authors.name as author_name', 'authors.bio as author_bio'])
    .orderBy('posts.id').limit(limit).execute()
  const comments = posts.length === 0
    ? []
    : await db.selectFrom('comments')
      .leftJoin('authors', 'authors.name', 'comments.author')
      .select(['comments.id', 'comments.post_id', 'comments.body', 'comments.created_at', 'authors.name as author_name', 'authors.bio as author_bio', 'authors.comment_count as author_comments'])
      .where('comments.post_id', 'in', posts.map((post) => post.id))
      .orderBy('comments.post_id').orderBy('comments.id').execute()
  const byPost = new Map<number, CommentWithAuthor[]>()
  for (const c of comments) {
    const list = byPost.get(c.post_id) ?? []
    list.push({ id: c.id, body: c.body, createdAt: c.created_at, author: c.author_name === null ? null : card({ name: c.author_name, bio: c.author_bio!, comments: c.author_comments }) })
    byPost.set(c.post_id, list)
  }
  return posts.map((post) => ({ id: post.id, title: post.title, author: profile(post.author_name, post.author_bio), comments: byPost.get(post.id) ?? [] }))
}

const profile = (name: string | null, bio: string | null): Profile => name === null ? null : { name, bio: bio! }
const card = (row: { name: string, bio: string, comments: number | string | null } | undefined): Card =>
  row === undefined ? null : { name: row.name, bio: row.bio, comments: Number(row.comments ?? 0) }
