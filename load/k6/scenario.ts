// k6: any scenario of the catalogue (src/scenarios/catalogue.ts).
//   k6 run -e SCENARIO=n-plus-one -e VARIANT=slow load/k6/scenario.ts   (slow: expected to FAIL)
//   k6 run -e SCENARIO=n-plus-one -e VARIANT=fast load/k6/scenario.ts   (fast: expected to PASS)
import { scenarios, type ScenarioName } from '../../src/scenarios/catalogue.ts'
import { scenarioTest } from './lib/scenario.ts'

const name = (__ENV.SCENARIO ?? 'sequential-awaits') as ScenarioName
if (!(name in scenarios)) throw new Error(`unknown SCENARIO "${name}"; known: ${Object.keys(scenarios).join(', ')}`)
const variant = __ENV.VARIANT === 'fast' ? 'fast' : 'slow'

const test = scenarioTest(name, variant)
export const options = test.options
export default test.iteration
