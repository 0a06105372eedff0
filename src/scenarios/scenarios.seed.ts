// Seeds the data every scenario of the catalogue needs; each part is deterministic and only
// fills empty tables, so running it again changes nothing.
import type { Config } from '../config.ts'
import type { Db } from '../db/database.ts'
import { seedSiteSettings } from './event-loop-block/event-loop-block.seed.ts'
import { seedEvents } from './missing-index/missing-index.seed.ts'
import { seedAuthorsAndComments } from './n-plus-one/n-plus-one.seed.ts'
import { seedArticles } from './over-fetching/over-fetching.seed.ts'

export async function seedScenarios (db: Db, config: Pick<Config, 'seedCount' | 'eventsSeedCount' | 'articlesSeedCount' | 'settingsHistoryEntries'>): Promise<void> {
  await seedAuthorsAndComments(db, config.seedCount)
  await seedSiteSettings(db, config.settingsHistoryEntries)
  await seedEvents(db, config.eventsSeedCount)
  await seedArticles(db, config.articlesSeedCount)
}
