// Opens the configured database for one command and closes it afterwards.
import { loadConfig } from '../config.ts'
import { createDb, type Db } from '../db/database.ts'

export async function withDb<T> (fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig(process.env))
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}
