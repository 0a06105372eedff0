// Seed data for event-loop-block: a settings document of about 3 MB, most of it change history,
// the way settings documents grow when nobody looks.
import type { ScenarioSeed } from '../scenario-server.ts'

export const SETTINGS_KEY = 'site'

export function settingsDocument (historyEntries = 20_000) {
  const actions = ['flag.enable', 'flag.disable', 'theme.update', 'setting.change']
  return {
    featureFlags: { newEditor: true, commentsV2: false, darkMode: true, betaSearch: false },
    theme: { primary: '#1b998b', accent: '#d7263d', font: 'Pretendard' },
    history: Array.from({ length: historyEntries }, (_, i) => ({
      id: i + 1,
      at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      actor: `user${i % 50}`,
      action: actions[i % actions.length],
      detail: { flag: `feature_${i % 40}`, from: i % 2 === 0, to: i % 2 === 1, note: `변경 사유 ${i + 1}` }
    }))
  }
}

export const seedSiteSettings: ScenarioSeed = async (db, { settingsHistoryEntries }, log) => {
  const existing = await db.selectFrom('site_settings').select('key').where('key', '=', SETTINGS_KEY).executeTakeFirst()
  if (existing !== undefined) return 0
  log(`seeding a settings document with ${settingsHistoryEntries} history entries`)
  await db.insertInto('site_settings')
    .values({ key: SETTINGS_KEY, version: 1, document: Buffer.from(JSON.stringify(settingsDocument(settingsHistoryEntries))) })
    .execute()
  return 1
}
