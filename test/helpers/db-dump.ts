// Every table of a database (the migrator's and SQLite's own included) read in primary-key order
// and hashed, plus PostgreSQL's sequences: equal dumps before and after mean nothing was written.
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { dialectOf, type Db } from '../../src/db/database.ts'

interface Column { name: string, pk: number }

async function tableNames (db: Db): Promise<string[]> {
  const query = dialectOf(db) === 'sqlite'
    ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
    : sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
  return (await query.execute(db)).rows.map((row) => row.name)
}

/** The columns of a table; pk is the column's position in the primary key, 0 when not in it. */
async function columnsOf (db: Db, table: string): Promise<Column[]> {
  const query = dialectOf(db) === 'sqlite'
    ? sql<Column>`select name, pk from pragma_table_info(${table}) order by cid`
    : sql<Column>`select a.attname as name, coalesce(array_position(i.indkey::int2[], a.attnum), 0) as pk
        from pg_attribute a left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
        where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`
  return (await query.execute(db)).rows.map((row) => ({ name: row.name, pk: Number(row.pk) }))
}

const hash = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value, (_key, v: unknown) => typeof v === 'bigint' ? v.toString() : v)).digest('hex').slice(0, 16)

/** "<table>" -> "<rows> rows, sha256 <hash>" for every table, in name order. */
export async function dumpDatabase (db: Db): Promise<Record<string, string>> {
  const dump: Record<string, string> = {}
  for (const table of await tableNames(db)) {
    const columns = await columnsOf(db, table)
    const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    // Without a primary key, every column in turn orders the rows.
    const order = (key.length > 0 ? key : columns).map((c) => sql.ref(c.name))
    const { rows } = await sql`select * from ${sql.table(table)} order by ${sql.join(order)}`.execute(db)
    dump[table] = `${rows.length} rows, sha256 ${hash(rows)}`
  }
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ name: string, last: string | null }>`select sequencename as name, last_value::text as last
      from pg_sequences where schemaname = current_schema() order by sequencename`.execute(db)
    for (const row of rows) dump[`sequence ${row.name}`] = `last value ${row.last ?? 'none'}`
  }
  return dump
}
