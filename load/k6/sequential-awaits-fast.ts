// k6: the original k6-test-fast.js, GET /api/posts/v2/fast. Expected to PASS its thresholds.
import { scenarioTest } from './lib/scenario.ts'

const test = scenarioTest('sequential-awaits', 'fast')
export const options = test.options
export default test.iteration
