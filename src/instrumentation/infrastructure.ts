// Instrumentation marks its own files as infrastructure, so that no tool ever names them as the
// culprit of a bottleneck. The registry lives behind a global symbol: the lab's agent, loaded into
// this process as a separate bundle, reads the same marks (src/agent/stacks.ts).
import { fileURLToPath } from 'node:url'

const registryKey = Symbol.for('baseplate.infrastructure')
const infrastructure: Set<string> = ((globalThis as { [registryKey]?: Set<string> })[registryKey] ??= new Set())

/** Called at the top of every instrumentation module: `markInfrastructure(import.meta.url)`. */
export function markInfrastructure (moduleUrl: string): void {
  infrastructure.add(moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl)
}
