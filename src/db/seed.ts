// Deterministic dummy posts, like the original's init_db.py: the same count gives the same rows,
// and seeding twice changes nothing (rows are keyed by id).
import { syncIdSequence, type Db } from './database.ts'

export const authors = ['김민준', '이서연', '박지호', '최수아', '정예준']
const topics = ['성능 테스트', '프로파일링', '이벤트 루프', '데이터베이스', '캐싱']
const epoch = Date.UTC(2024, 0, 1)

export function seedPost (id: number) {
  const topic = topics[(id - 1) % topics.length]!
  return {
    id,
    title: `테스트 게시글 ${id}: ${topic}`,
    content: `이것은 ${id}번째 테스트 게시글의 내용입니다. 오늘의 주제는 ${topic}입니다.`,
    author: authors[(id - 1) % authors.length]!,
    created_at: new Date(epoch + (id - 1) * 3_600_000).toISOString()
  }
}

/** Inserts posts 1..count that are not there yet; returns how many were inserted. */
export async function seedPosts (db: Db, count: number): Promise<number> {
  let inserted = 0
  for (let start = 1; start <= count; start += 500) {
    const rows = []
    for (let id = start; id < Math.min(start + 500, count + 1); id++) rows.push(seedPost(id))
    const result = await db.insertInto('posts').values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst()
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0)
  }
  if (inserted > 0) await syncIdSequence(db, 'posts')
  return inserted
}

export async function countPosts (db: Db): Promise<number> {
  const { count } = await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
  return Number(count)
}
