// k6: the original k6-test.js, GET /api/posts/v1/slow. Expected to FAIL its p(95)<500 threshold.
import { scenarioTest } from './lib/scenario.ts'

const test = scenarioTest('sequential-awaits', 'slow')
export const options = test.options
export default test.iteration
