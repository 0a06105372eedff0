// Seed data for event-loop-block: a settings document of about 3 MB, most of it change history,
// the way settings documents grow when nobody looks.
import type { Db } from '../../db/database.ts'

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

export async function seedSiteSettings (db: Db, historyEntries?: number): Promise<void> {
  await db.insertInto('site_settings')
    .values({ key: SETTINGS_KEY, version: 1, document: Buffer.from(JSON.stringify(settingsDocument(historyEntries))) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}
