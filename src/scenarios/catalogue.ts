// The scenario catalogue: every bottleneck by name, with its load test. The one list a new
// scenario is added to; plain data, so k6 (load/k6/) and the Node tools share it.
import type { ScenarioDefinition, Variant } from './load-definition.ts'
import { eventLoopBlock } from './event-loop-block/event-loop-block.load.ts'
import { missingIndex } from './missing-index/missing-index.load.ts'
import { nPlusOne } from './n-plus-one/n-plus-one.load.ts'
import { overFetching } from './over-fetching/over-fetching.load.ts'
import { sequentialAwaits } from './sequential-awaits/sequential-awaits.load.ts'

export const scenarios = {
  'sequential-awaits': sequentialAwaits,
  'n-plus-one': nPlusOne,
  'event-loop-block': eventLoopBlock,
  'missing-index': missingIndex,
  'over-fetching': overFetching
} satisfies Record<string, ScenarioDefinition>

export type ScenarioName = keyof typeof scenarios
export type { ScenarioDefinition, Variant }

export const scenarioNames = Object.keys(scenarios) as ScenarioName[]

export function getScenario (name: string): ScenarioDefinition & { name: ScenarioName } {
  if (!(name in scenarios)) {
    throw new Error(`unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`)
  }
  return { name: name as ScenarioName, ...scenarios[name as ScenarioName] }
}

export function isVariant (value: string): value is Variant {
  return value === 'slow' || value === 'fast'
}
