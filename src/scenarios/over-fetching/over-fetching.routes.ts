// Scenario over-fetching: the article list screen.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { described } from '../../openapi.ts'
import type { ScenarioOptions } from '../scenario-server.ts'
import { Type } from 'typebox'
import { listAllArticles, listArticlePage } from './over-fetching.repository.ts'
import { Article, ArticlePage, ArticlePageQuery } from './over-fetching.schemas.ts'

export const overFetchingRoutes: FastifyPluginAsyncTypebox<ScenarioOptions> = async (app) => {
  app.get('/slow', {
    schema: { tags: ['scenarios'], summary: 'Every article with every column, bodies included (slow)', response: { 200: described('Every article, every column', Type.Array(Article)) } }
  }, async () => listAllArticles(app.db))

  app.get('/fast', {
    schema: { tags: ['scenarios'], summary: 'One page of the columns a list shows (fast)', querystring: ArticlePageQuery, response: { 200: described('One page of article summaries, and where the next starts', ArticlePage) } }
  }, async (request) => listArticlePage(app.db, request.query.limit, request.query.after))
}
