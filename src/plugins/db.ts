// The database decorator: opened, migrated and (when empty) seeded with posts at start, closed
// on close. Every statement is reported to the current request's account and to Prometheus.
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { createDb, type Db } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { countPosts, seedPosts } from '../db/seed.ts'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { currentAccount } from '../instrumentation/request-context.ts'
import { statementKind } from './metrics.ts'

markInfrastructure(import.meta.url)

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

export default fp(async (app, { config }: { config: Config }) => {
  const { queryDuration, connectionWait } = app.metrics
  const db = createDb(config, {
    onQuery (query, durationMs) {
      currentAccount()?.recordQuery(durationMs)
      queryDuration.observe({ kind: statementKind(query.sql) }, durationMs / 1000)
    },
    onConnectionWait (durationMs) {
      currentAccount()?.recordConnectionWait(durationMs)
      connectionWait.observe(durationMs / 1000)
    }
  })
  app.decorate('db', db)
  app.addHook('onClose', async () => {
    await db.destroy()
  })

  for (const line of await migrateToLatest(db)) app.log.info(`migration ${line}`)
  if (config.seedCount > 0 && await countPosts(db) === 0) {
    app.log.info(`seeded ${await seedPosts(db, config.seedCount)} posts into an empty database`)
  }
}, { name: 'db', dependencies: ['metrics'] })
