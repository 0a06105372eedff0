// Seed data for over-fetching: long-form articles of about 16 KB each (deterministic text).
import { authors } from '../../db/seed.ts'
import type { ScenarioSeed } from '../scenario-server.ts'

const paragraph = (id: number, n: number): string =>
  `${id}번 글의 ${n}번째 문단입니다. 성능 문제는 대개 코드 한 줄에 숨어 있고, 부하 테스트만이 그것을 드러냅니다. ` +
  'Performance problems usually hide in a single line of code, and only a load test brings them to light. '

export function seedArticle (id: number) {
  return {
    id,
    title: `긴 글 ${id}: 병목 사냥 일지`,
    summary: `${id}번째 사냥 일지의 요약입니다.`,
    author: authors[(id - 1) % authors.length]!,
    body: Array.from({ length: 60 }, (_, n) => paragraph(id, n + 1)).join('\n\n'),
    created_at: new Date(Date.UTC(2024, 2, 1) + id * 3_600_000).toISOString()
  }
}

export const seedArticles: ScenarioSeed = async (db, { articlesSeedCount: count }, log) => {
  const existing = await db.selectFrom('articles').select('id').limit(1).execute()
  if (existing.length > 0 || count === 0) return 0
  log(`seeding ${count} articles of about 16 KB`)
  for (let start = 1; start <= count; start += 50) {
    const rows = []
    for (let id = start; id < Math.min(start + 50, count + 1); id++) rows.push(seedArticle(id))
    await db.insertInto('articles').values(rows).execute()
  }
  return count
}
