// The scenario catalogue as one Fastify plugin: every scenario's routes under
// /api/scenarios/<name> (sequential-awaits keeps the original project's URLs), and its data.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.ts'
import { checkpoint, type Db } from '../db/database.ts'
import { scenarios, type ScenarioName } from './catalogue.ts'
import type { ScenarioOptions, ScenarioSeed } from './scenario-server.ts'
import { eventLoopBlockRoutes } from './event-loop-block/event-loop-block.routes.ts'
import { seedSiteSettings } from './event-loop-block/event-loop-block.seed.ts'
import { missingIndexRoutes } from './missing-index/missing-index.routes.ts'
import { seedEvents } from './missing-index/missing-index.seed.ts'
import { nPlusOneRoutes } from './n-plus-one/n-plus-one.routes.ts'
import { seedAuthorsAndComments } from './n-plus-one/n-plus-one.seed.ts'
import { overFetchingRoutes } from './over-fetching/over-fetching.routes.ts'
import { seedArticles } from './over-fetching/over-fetching.seed.ts'
import { sequentialAwaitsRoutes } from './sequential-awaits/sequential-awaits.routes.ts'

interface ScenarioServer {
  routes: FastifyPluginAsync<ScenarioOptions>
  /** Where its routes live; default /api/scenarios/<name>. */
  prefix?: string
  seed?: ScenarioSeed
}

/** The server side of each catalogue entry; the type makes a new catalogue entry ask for one. */
const servers: { [name in ScenarioName]: ScenarioServer } = {
  'sequential-awaits': { routes: sequentialAwaitsRoutes, prefix: '' },
  'n-plus-one': { routes: nPlusOneRoutes, seed: seedAuthorsAndComments },
  'event-loop-block': { routes: eventLoopBlockRoutes, seed: seedSiteSettings },
  'missing-index': { routes: missingIndexRoutes, seed: seedEvents },
  'over-fetching': { routes: overFetchingRoutes, seed: seedArticles }
}

/** Seeds every scenario whose tables are empty (deterministic; a second run changes nothing). */
export async function seedScenarios (db: Db, config: Config, log: (message: string) => void): Promise<number> {
  let inserted = 0
  for (const [name, server] of Object.entries(servers)) {
    inserted += await server.seed?.(db, config, (message) => log(`${name}: ${message}`)) ?? 0
  }
  // Fold the write-ahead log into the database file, so a first start leaves one file.
  if (inserted > 0) await checkpoint(db)
  return inserted
}

export const scenarioRoutes: FastifyPluginAsync<ScenarioOptions> = async (app, { config }) => {
  if (config.seedScenarios) await seedScenarios(app.db, config, (message) => app.log.info(message))
  for (const name of Object.keys(scenarios) as ScenarioName[]) {
    const { routes, prefix = `/api/scenarios/${name}` } = servers[name]
    await app.register(routes, { prefix, config })
  }
}
