// Access to load/scenarios.ts for the Node tools: lookup by name with a helpful error.
import { scenarios, type Scenario, type ScenarioName, type Variant } from '../../load/scenarios.ts'

export const scenarioNames = Object.keys(scenarios) as ScenarioName[]

export function getScenario (name: string): Scenario & { name: ScenarioName } {
  if (!(name in scenarios)) {
    throw new Error(`unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`)
  }
  return { name: name as ScenarioName, ...scenarios[name as ScenarioName] }
}

export function isVariant (value: string): value is Variant {
  return value === 'slow' || value === 'fast'
}
