// What a lab run produces: per route the load result, the CPU profile summary and the
// diagnosis. Shared by the run, the reports and the JSON result file.
import type { LoadRunResult } from '../runner/run.ts'
import type { RouteDiagnostics } from './admin-client.ts'
import type { Diagnosis, PerRequest } from './diagnosis.ts'
import type { Subject } from './plan.ts'
import type { ProfileSummary } from './profile-summary.ts'

export interface SubjectResult extends Subject {
  route: string
  load: LoadRunResult
  profile: ProfileSummary
  profileFile: string
  diagnosis: Diagnosis
  /** Average per request, from the server's own accounting. */
  perRequest: PerRequest
  /** The statements and outbound calls behind the numbers, with where they are issued. */
  statements: RouteDiagnostics['statements']
  calls: RouteDiagnostics['calls']
  bystander?: { route: string, baselineP95Ms: number, loadedP95Ms: number }
  asExpected: boolean
}

export interface LabResult {
  tool: 'baseplate-lab'
  startedAt: string
  title: string
  shape: string
  thresholds: Record<string, string[]>
  subjects: SubjectResult[]
  ok: boolean
}
