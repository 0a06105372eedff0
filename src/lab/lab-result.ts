// What a lab run produces: per route the load result, what the agent measured, and the
// diagnosis. Shared by the run, the reports and the JSON result file.
import type { CpuReport, RouteReport, Snapshot } from '../agent/protocol.ts'
import type { LoadRunResult } from '../runner/run.ts'
import type { Diagnosis, PerRequest } from './diagnosis.ts'
import type { Subject } from './plan.ts'

export interface SubjectResult extends Subject {
  /** "GET /api/posts/v1/slow" */
  route: string
  load: LoadRunResult
  diagnosis: Diagnosis
  /** Averages per request, from the agent's accounting. */
  perRequest: PerRequest
  /** The agent's figures for this route: statements, calls, waits, the typical request. */
  measured: RouteReport
  cpu: CpuReport
  /** Source lines around the places the diagnosis names. */
  sources: Snapshot['sources']
  bystander?: { route: string, baselineP95Ms: number, loadedP95Ms: number }
  asExpected: boolean
}

export interface LabResult {
  tool: 'baseplate-lab'
  startedAt: string
  title: string
  shape: string
  /** What ran: Baseplate on SQLite or PostgreSQL, or the user's command. */
  service: string
  thresholds: Record<string, string[]>
  subjects: SubjectResult[]
  /** Routes with an expectation (slow/fast) behaved as expected; targets have none. */
  ok: boolean
}
