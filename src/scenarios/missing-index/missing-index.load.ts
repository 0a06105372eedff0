// Load test of missing-index: an activity feed over a large table.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const missingIndex: ScenarioDefinition = {
  title: 'Missing index: the latest events of a user, from 500,000 rows',
  slow: '/api/scenarios/missing-index/slow?userId=42',
  fast: '/api/scenarios/missing-index/fast?userId=42',
  bystander: '/',
  shapes: shapes.busy,
  // An activity feed: 200 ms.
  ...budget(200),
  serverEnv: { EVENTS_SEED_COUNT: '500000' },
  doc: 'docs/scenarios/missing-index.md'
}
