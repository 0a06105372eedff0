// Load test of n-plus-one: the post list page with authors and comment counts.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const nPlusOne: ScenarioDefinition = {
  title: 'N+1 queries: a post list that loads each author, each post\'s comments and each commenter with its own query',
  slow: '/api/scenarios/n-plus-one/slow',
  fast: '/api/scenarios/n-plus-one/fast',
  bystander: '/',
  shapes: shapes.original,
  ...budget(500),
  doc: 'docs/scenarios/n-plus-one.md'
}
