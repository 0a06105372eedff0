// Runs the migrations with Kysely's Migrator; used by server start, the CLI and the tests.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely'
import type { Db } from './database.ts'
import * as createPosts from './migrations/0001-create-posts.ts'
import * as createAuthorsAndComments from './migrations/0002-create-authors-and-comments.ts'
import * as createSiteSettings from './migrations/0003-create-site-settings.ts'
import * as createEvents from './migrations/0004-create-events.ts'
import * as indexEventsByUser from './migrations/0005-index-events-by-user.ts'
import * as createArticles from './migrations/0006-create-articles.ts'
import * as countCommentsPerAuthor from './migrations/0007-count-comments-per-author.ts'

/** Listed explicitly (not read from disk) so the same list works from src/ and dist/. */
const migrations: Record<string, Migration> = {
  '0001-create-posts': createPosts,
  '0002-create-authors-and-comments': createAuthorsAndComments,
  '0003-create-site-settings': createSiteSettings,
  '0004-create-events': createEvents,
  '0005-index-events-by-user': indexEventsByUser,
  '0006-create-articles': createArticles,
  '0007-count-comments-per-author': countCommentsPerAuthor
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
