// The lab's run: starts the API in its own process with diagnostics on, loads each route with
// the Node runner while a CPU profile records, reads the per-request accounting, and returns a
// verdict per route that names the cause and the line.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServerProcess } from '../harness/server-process.ts'
import { createProgress } from '../runner/progress.ts'
import { runLoad } from '../runner/run.ts'
import { adminClient } from './admin-client.ts'
import { diagnose, perRequest } from './diagnosis.ts'
import type { LabResult, SubjectResult } from './lab-result.ts'
import type { LabPlan } from './plan.ts'
import { probeBaseline, startProbe } from './probe.ts'
import { summariseProfile } from './profile-summary.ts'
import { renderHtmlReport } from './report-html.ts'

const slug = (path: string): string => path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'

/** Runs the plan; when `signal` aborts (Ctrl-C), stops the load, stops the server and removes its files. */
export async function runLab (plan: LabPlan, log: (line: string) => void = console.log, progress = createProgress(), signal?: AbortSignal): Promise<LabResult> {
  const startedAt = new Date().toISOString()
  const stopped = (): boolean => signal?.aborted === true
  const { outDir } = plan
  log(`Baseplate lab: ${plan.title}`)
  log('  starting the API in its own process (fresh embedded database, diagnostics on)...')
  const server = await startServerProcess({ ADMIN_ENABLED: 'true', ...plan.serverEnv })
  const admin = adminClient(server.baseUrl)
  const subjects: SubjectResult[] = []
  mkdirSync(outDir, { recursive: true })
  try {
    const bystanderUrl = `${server.baseUrl}${plan.bystander}`
    const baseline = await probeBaseline(bystanderUrl)
    for (const subject of plan.subjects) {
      if (stopped()) break
      const url = `${server.baseUrl}${subject.path}`
      // Warm up (JIT, caches) and learn which route template serves this path.
      await admin.resetDiagnostics()
      const warmUntil = performance.now() + 1000
      for (let i = 0; i < 20 && performance.now() < warmUntil; i++) {
        const warm = await fetch(url)
        await warm.arrayBuffer()
        if (!warm.ok) throw new Error(`GET ${subject.path} answered ${warm.status}; the lab needs a route that answers 200`)
      }
      const route = (await admin.diagnostics({ explain: false })).routes[0]?.route ?? `GET ${subject.path}`

      log(`  loading ${route} (${subject.role}, ${plan.shapeName} shape) with a CPU profile recording...`)
      await admin.resetDiagnostics()
      await admin.startProfile()
      const probe = subject.path === plan.bystander ? undefined : startProbe(bystanderUrl)
      let load, loaded
      try {
        load = await runLoad({
          signal,
          label: `${subject.role} ${subject.path}`,
          baseUrl: server.baseUrl,
          path: subject.path,
          shape: plan.shape,
          checks: plan.checks,
          thresholds: plan.thresholds
        }, progress.update)
      } finally {
        progress.done()
        loaded = await probe?.stop()
      }
      if (stopped()) break
      const rawProfile = await admin.stopProfile()
      const diagnostics = await admin.diagnostics({ explain: true })
      const stats = diagnostics.routes.find((r) => r.route === route)
      if (stats === undefined) throw new Error(`no diagnostics were recorded for ${route}`)
      const profileFile = `${slug(subject.role)}-${slug(subject.path)}.cpuprofile`
      writeFileSync(join(outDir, profileFile), JSON.stringify(rawProfile))
      const profile = summariseProfile(rawProfile, new Set(diagnostics.infrastructure))
      const bystander = loaded === undefined ? undefined : { route: `GET ${plan.bystander}`, baselineP95Ms: baseline.p95Ms, loadedP95Ms: loaded.p95Ms }
      const diagnosis = diagnose({ stats, profile, windowMs: load.durationSeconds * 1000, thresholdsPassed: load.passed, bystander })
      const asExpected = subject.expect === undefined ? load.passed : (subject.expect === 'pass') === load.passed
      subjects.push({
        ...subject,
        route,
        load,
        profile,
        profileFile,
        diagnosis,
        perRequest: perRequest(stats),
        bystander,
        asExpected,
        statements: stats.statements.slice(0, 5),
        calls: stats.calls.slice(0, 5)
      })
    }
  } finally {
    await server.stop()
  }
  const result: LabResult = {
    tool: 'baseplate-lab',
    startedAt,
    title: plan.title,
    shape: plan.shapeName,
    thresholds: plan.thresholds,
    subjects,
    ok: subjects.every((s) => s.asExpected)
  }
  if (stopped()) return result
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(join(outDir, 'index.html'), renderHtmlReport(result))
  return result
}
