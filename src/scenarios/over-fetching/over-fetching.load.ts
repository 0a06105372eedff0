// Load test of over-fetching: the article list screen.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const overFetching: ScenarioDefinition = {
  title: 'Over-fetching: an article list that ships every article with its full body',
  slow: '/api/scenarios/over-fetching/slow',
  fast: '/api/scenarios/over-fetching/fast',
  bystander: '/',
  shapes: shapes.original,
  ...budget(500),
  doc: 'docs/scenarios/over-fetching.md'
}
