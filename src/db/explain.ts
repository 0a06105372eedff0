// The query plan of a statement the application ran, as evidence for "slow query / full scan".
import { CompiledQuery } from 'kysely'
import { dialectOf, type Db } from './database.ts'

export interface ExplainOptions {
  /**
   * PostgreSQL: run the statement and report actual times and buffers (EXPLAIN ANALYZE, BUFFERS).
   * It executes the query, so it is for the lab, never a hot path. SQLite has no equivalent.
   */
  analyze?: boolean
}

/**
 * The plan as lines, e.g. SQLite's EXPLAIN QUERY PLAN details ["SCAN events", "USE TEMP B-TREE FOR
 * ORDER BY"], or PostgreSQL's EXPLAIN ["Limit", "Sort", "Sort Key: created_at DESC",
 * "Seq Scan on events_unindexed", "Filter: (user_id = 42)"] (tree indentation dropped).
 */
export async function explainQueryPlan (db: Db, sql: string, parameters: readonly unknown[], { analyze = false }: ExplainOptions = {}): Promise<string[]> {
  if (!/^\s*(select|with)\b/i.test(sql)) return []
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]))
    return rows.map((row) => row.detail)
  }
  const explain = CompiledQuery.raw(`EXPLAIN ${analyze ? '(ANALYZE, BUFFERS)' : '(COSTS OFF)'} ${sql}`, [...parameters])
  const lines = async (executor: Db): Promise<string[]> =>
    (await executor.executeQuery<{ 'QUERY PLAN': string }>(explain)).rows.map((row) => row['QUERY PLAN'].replace(/^\s*(->\s+)?/, ''))
  if (!analyze) return lines(db)
  // ANALYZE executes the statement: inside a transaction rolled back afterwards, in case a WITH writes.
  const trx = await db.startTransaction().execute()
  try {
    return await lines(trx)
  } finally {
    await trx.rollback().execute()
  }
}
