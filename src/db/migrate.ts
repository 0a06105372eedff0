// Runs the migrations with Kysely's Migrator; used by server start, the CLI and the tests.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely'
import type { Db } from './database.ts'
import * as createPosts from './migrations/0001-create-posts.ts'

/** Listed explicitly (not read from disk) so the same list works from src/ and dist/. */
const migrations: Record<string, Migration> = {
  '0001-create-posts': createPosts
}

function migrator (db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

function unwrap ({ error, results }: MigrationResultSet): string[] {
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).map((result) => `${result.direction} ${result.migrationName}`)
}

export async function migrateToLatest (db: Db): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest())
}

export async function migrateDown (db: Db): Promise<string[]> {
  return unwrap(await migrator(db).migrateDown())
}
