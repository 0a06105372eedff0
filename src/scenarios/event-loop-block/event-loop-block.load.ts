// Load test of event-loop-block: the settings every page view asks for.
import { budget, shapes, type ScenarioDefinition } from '../load-definition.ts'

export const eventLoopBlock: ScenarioDefinition = {
  title: 'Event-loop blocking: a 3 MB settings document parsed on every request',
  slow: '/api/scenarios/event-loop-block/slow',
  fast: '/api/scenarios/event-loop-block/fast',
  bystander: '/',
  shapes: shapes.busy,
  // Settings are read on every page view: they get a 100 ms budget.
  ...budget(100),
  doc: 'docs/scenarios/event-loop-block.md'
}
