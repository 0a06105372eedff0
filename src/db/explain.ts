// The query plan of a statement the application ran, as evidence for "slow query / full scan".
import { CompiledQuery } from 'kysely'
import type { Db } from './database.ts'

/** SQLite's EXPLAIN QUERY PLAN details, e.g. ["SCAN events", "USE TEMP B-TREE FOR ORDER BY"]. */
export async function explainQueryPlan (db: Db, sql: string, parameters: readonly unknown[]): Promise<string[]> {
  if (!/^\s*(select|with)\b/i.test(sql)) return []
  const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]))
  return rows.map((row) => row.detail)
}
