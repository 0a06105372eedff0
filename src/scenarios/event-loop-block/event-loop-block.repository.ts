// Scenario event-loop-block: the public part of the site settings, parsed from the whole
// document on every request (slow) or once per version (fast).
import type { Db } from '../../db/database.ts'
import { notFound } from '../../http-errors.ts'
import { SETTINGS_KEY } from './event-loop-block.seed.ts'
import type { PublicSettings } from './event-loop-block.schemas.ts'

// BOTTLENECK (when called per request): decoding and JSON.parse of the whole ~3 MB document,
// history included, is ~25 ms of synchronous CPU, during which the event loop serves nobody else.
function publicPart (version: number, document: Buffer): PublicSettings {
  const { featureFlags, theme } = JSON.parse(document.toString('utf8')) as Omit<PublicSettings, 'version'>
  return { version, featureFlags, theme }
}

async function loadSettings (db: Db): Promise<PublicSettings> {
  const row = await db.selectFrom('site_settings').select(['version', 'document']).where('key', '=', SETTINGS_KEY).executeTakeFirst()
  if (row === undefined) throw notFound('site settings')
  return publicPart(row.version, row.document)
}

/** Reads and parses the whole document on every request: the slow route. */
export function readSettingsEveryTime (db: Db): Promise<PublicSettings> {
  return loadSettings(db)
}

/**
 * FIX: parse once per version. Each request reads only the version number (a few bytes); the
 * document is read and parsed again only after it changed.
 */
export function createSettingsCache (db: Db) {
  let cached: PublicSettings | undefined
  return async function readSettingsCached (): Promise<PublicSettings> {
    const row = await db.selectFrom('site_settings').select('version').where('key', '=', SETTINGS_KEY).executeTakeFirst()
    if (row === undefined) throw notFound('site settings')
    if (cached?.version !== row.version) cached = await loadSettings(db)
    return cached
  }
}
