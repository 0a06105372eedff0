// Load test of sequential-awaits, the original project's k6-test.js and k6-test-fast.js.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const sequentialAwaits: ScenarioDefinition = {
  title: 'Sequential awaits: one remote call per post, one after another',
  slow: '/api/posts/v1/slow',
  fast: '/api/posts/v2/fast',
  bystander: '/',
  shapes: shapes.original,
  ...budget(500),
  doc: 'docs/scenarios/sequential-awaits.md'
}
