// Scenario event-loop-block: the settings every page asks for, and a large document behind them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { described } from '../../openapi.ts'
import type { ScenarioOptions } from '../scenario-server.ts'
import { ErrorResponse } from '../../http-errors.ts'
import { createSettingsCache, readSettingsEveryTime } from './event-loop-block.repository.ts'
import { PublicSettings } from './event-loop-block.schemas.ts'

export const eventLoopBlockRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app) => {
  const schema = { tags: ['scenarios'], response: { 200: described('The public part of the site settings', PublicSettings), 404: described('No settings document is stored', ErrorResponse) } }
  const readSettingsCached = createSettingsCache(app.db)

  app.get('/slow', { schema: { ...schema, summary: 'Public site settings, parsing the whole document per request (slow)' } },
    async () => readSettingsEveryTime(app.db))

  app.get('/fast', { schema: { ...schema, summary: 'The same settings, parsed once per version (fast)' } },
    async () => readSettingsCached())
}
