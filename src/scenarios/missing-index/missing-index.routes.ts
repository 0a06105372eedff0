// Scenario missing-index: an activity feed reading a large table by a column without an index.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { described } from '../../openapi.ts'
import type { ScenarioOptions } from '../scenario-server.ts'
import { Type } from 'typebox'
import { MalformedQuery } from '../../http-errors.ts'
import { latestEventsIndexed, latestEventsUnindexed } from './missing-index.repository.ts'
import { Event, LatestEventsQuery } from './missing-index.schemas.ts'

export const missingIndexRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app) => {
  const schema = { tags: ['scenarios'], querystring: LatestEventsQuery, response: { 200: described("The user's latest events, newest first", Type.Array(Event)), 400: MalformedQuery } }

  app.get('/slow', { schema: { ...schema, summary: 'Latest events of a user, on the table without the index (slow)' } },
    async (request) => latestEventsUnindexed(app.db, request.query.userId, request.query.limit))

  app.get('/fast', { schema: { ...schema, summary: 'The same events, on the indexed table (fast)' } },
    async (request) => latestEventsIndexed(app.db, request.query.userId, request.query.limit))
}
