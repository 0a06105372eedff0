// The lab's side of the loopback admin routes: diagnostics and CPU profiles of the server.
import type { Profiler } from 'node:inspector'
import type { RouteEvidence } from './diagnosis.ts'

export type RouteDiagnostics = RouteEvidence['stats']

export function adminClient (baseUrl: string) {
  async function call (method: 'GET' | 'POST', path: string): Promise<Response> {
    const res = await fetch(`${baseUrl}/__admin${path}`, { method })
    if (!res.ok) throw new Error(`${method} /__admin${path} answered ${res.status}: ${await res.text()}`)
    return res
  }
  return {
    resetDiagnostics: async () => { await call('POST', '/diagnostics/reset') },
    /** Per-route diagnostics; `explain` adds the query plan of every statement (costs a query each). */
    diagnostics: async ({ explain }: { explain: boolean }): Promise<{ routes: RouteDiagnostics[], infrastructure: string[] }> =>
      (await (await call('GET', `/diagnostics?explain=${explain}`)).json()) as { routes: RouteDiagnostics[], infrastructure: string[] },
    startProfile: async () => { await call('POST', '/profile/start?intervalUs=500') },
    stopProfile: async (): Promise<Profiler.Profile> => (await (await call('POST', '/profile/stop')).json()) as Profiler.Profile
  }
}
