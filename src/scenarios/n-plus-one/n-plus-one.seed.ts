// Seed data for n-plus-one: one profile per post author, and a deterministic number of comments
// per post (5, 12 or 19: 12 on average). Inserted only into empty tables, so seeding twice
// changes nothing.
import { authors } from '../../db/seed.ts'
import type { ScenarioSeed } from '../scenario-server.ts'

export const commentsPerPost = (postId: number): number => 5 + (postId * 7) % 21

export const seedAuthorsAndComments: ScenarioSeed = async (db, { seedCount }, log) => {
  let inserted = 0
  const existing = await db.selectFrom('authors').select('id').limit(1).execute()
  if (existing.length === 0) {
    await db.insertInto('authors')
      .values(authors.map((name, i) => ({ name, bio: `${name}: ${['백엔드 개발자', '데이터 엔지니어', 'SRE', '프론트엔드 개발자', '테크 리드'][i]}, 성능 이야기를 좋아합니다.` })))
      .execute()
    inserted += authors.length
  }
  const comments = await db.selectFrom('comments').select('id').limit(1).execute()
  if (comments.length > 0 || seedCount === 0) return inserted
  const rows = []
  for (let postId = 1; postId <= seedCount; postId++) {
    for (let n = 0; n < commentsPerPost(postId); n++) {
      rows.push({
        post_id: postId,
        author: authors[(postId + n) % authors.length]!,
        body: `${postId}번 글에 남긴 ${n + 1}번째 댓글입니다.`,
        created_at: new Date(Date.UTC(2024, 1, 1) + (postId * 10 + n) * 60_000).toISOString()
      })
    }
  }
  log(`seeding ${rows.length} comments`)
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('comments').values(rows.slice(i, i + 500)).execute()
  return inserted + rows.length
}
