// Allocation sampling through V8's sampling heap profiler, counting objects that were already
// collected too (the flags that Chrome DevTools calls "include objects discarded by GC"): how
// many bytes a window allocated, and which application functions allocated them. Short-lived
// garbage is exactly what drives the collector, and a live-heap profile would not see it.
import { Session } from 'node:inspector'
import type { AllocationSite } from './protocol.ts'
import { sourceLine } from './cpu-sampler.ts'
import { displayPath, isApplicationFile, toPath } from './stacks.ts'

interface SamplingNode {
  callFrame: { functionName: string, url: string, lineNumber: number }
  selfSize: number
  children: SamplingNode[]
}

function post<T> (session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => error === null ? resolve(result as T) : reject(error)))
}

export class HeapSampler {
  private session?: Session

  async start (): Promise<void> {
    const session = new Session()
    session.connect()
    await post(session, 'HeapProfiler.enable')
    await post(session, 'HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
    this.session = session
  }

  /** Stops; returns the bytes allocated and the application functions that allocated most. */
  async stop (): Promise<{ allocatedBytes: number, allocations: AllocationSite[] }> {
    const session = this.session
    if (session === undefined) return { allocatedBytes: 0, allocations: [] }
    this.session = undefined
    try {
      const { profile } = await post<{ profile: { head: SamplingNode } }>(session, 'HeapProfiler.stopSampling')
      let allocatedBytes = 0
      const byFunction = new Map<string, AllocationSite>()
      const walk = (node: SamplingNode, owner: AllocationSite | undefined): void => {
        allocatedBytes += node.selfSize
        const { url, lineNumber, functionName } = node.callFrame
        const file = toPath(url)
        // Bytes allocated by a library or builtin count for the application function calling it.
        let site = owner
        if (isApplicationFile(file)) {
          const source = sourceLine(file, lineNumber + 1)
          const location = `${displayPath(source.file)}:${source.line}`
          site = byFunction.get(location) ?? { location, functionName: functionName || '(anonymous)', bytes: 0 }
          byFunction.set(location, site)
        }
        if (site !== undefined) site.bytes += node.selfSize
        for (const child of node.children) walk(child, site)
      }
      walk(profile.head, undefined)
      return { allocatedBytes, allocations: [...byFunction.values()].sort((a, b) => b.bytes - a.bytes).slice(0, 5) }
    } finally {
      await post(session, 'HeapProfiler.disable').catch(() => {})
      session.disconnect()
    }
  }
}
