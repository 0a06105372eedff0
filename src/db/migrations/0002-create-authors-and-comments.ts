// Scenario n-plus-one: author profiles and comments, the data a post list is "enriched" with.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

export async function up (db: Kysely<unknown>): Promise<void> {
  // SQLite's INTEGER is 64-bit: bigint on PostgreSQL keeps the same range.
  const postgres = dialectOf(db) === 'postgres'
  const integer = postgres ? 'bigint' : 'integer'
  const generatedId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement()
  await db.schema
    .createTable('authors')
    .addColumn('id', integer, generatedId)
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('bio', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('comments')
    .addColumn('id', integer, generatedId)
    .addColumn('post_id', integer, (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('comments_post_id').on('comments').column('post_id').execute()
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('comments').execute()
  await db.schema.dropTable('authors').execute()
}
