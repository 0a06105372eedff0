// Load test of n-plus-one: the post list page with authors and comment counts.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const nPlusOne: ScenarioDefinition = {
  title: 'N+1 queries: a post list that loads each author and comment count with its own queries',
  slow: '/api/scenarios/n-plus-one/slow',
  fast: '/api/scenarios/n-plus-one/fast',
  bystander: '/',
  shapes: shapes.original,
  ...budget(500),
  // Each statement pays a 2 ms round trip, as against a database one network hop away.
  serverEnv: { DB_LATENCY_MS: '2' },
  doc: 'docs/scenarios/n-plus-one.md'
}
