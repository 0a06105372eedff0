// The lab's run: starts the service with the agent preloaded, then for each route warms it up,
// opens a measurement window, loads it with the Node runner while a bystander probe keeps
// calling a cheap route, closes the window and diagnoses what the agent measured.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiEnvironment } from '../harness/server-process.ts'
import { throwawayDatabase } from '../harness/throwaway-database.ts'
import { startService, type Service } from '../harness/service.ts'
import { createProgress } from '../runner/progress.ts'
import { runLoad, type LoadRunResult } from '../runner/run.ts'
import { agentPreload } from './agent-bundle.ts'
import { diagnose, perRequest } from './diagnosis.ts'
import type { LabResult, SubjectResult } from './lab-result.ts'
import type { LabPlan, Subject } from './plan.ts'
import { probeBaseline, startProbe, type ProbeResult } from './probe.ts'
import { renderHtmlReport } from './report-html.ts'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Starts what the plan names. Baseplate runs on a database of its own: a fresh SQLite file, or a
 * throwaway database on the PostgreSQL server of DATABASE_URL, dropped afterwards.
 */
async function startPlannedService (plan: LabPlan): Promise<{ service: Service, description: string, cleanup: () => Promise<void> }> {
  const preload = await agentPreload()
  if (plan.service.kind === 'command') {
    const { command, cwd, env, baseUrl } = plan.service
    const service = await startService({ command, cwd, env, preload, ...(baseUrl === undefined ? {} : { baseUrl }) })
    return { service, description: `\`${command}\` in ${cwd}`, cleanup: async () => {} }
  }
  const database = await throwawayDatabase()
  try {
    const service = await startService({
      command: `"${process.execPath}" --import tsx src/server.ts`,
      cwd: repoRoot,
      preload,
      env: apiEnvironment(database.env, plan.service.env)
    })
    return { service, description: `Baseplate on ${database.description}`, cleanup: database.drop }
  } catch (error) {
    await database.drop()
    throw error
  }
}

async function warmUp (service: Service, subject: Subject): Promise<void> {
  const until = performance.now() + 1000
  for (let i = 0; i < 20 && performance.now() < until; i++) {
    const res = await fetch(`${service.baseUrl}${subject.path}`)
    await res.arrayBuffer()
    if (res.status < 200 || res.status >= 300) throw new Error(`GET ${subject.path} answered ${res.status}; the lab needs a route that answers 2xx`)
  }
}

/** Runs the plan; when `signal` aborts (Ctrl-C), stops the load and the service and removes its files. */
export async function runLab (plan: LabPlan, log: (line: string) => void = console.log, progress = createProgress(), signal?: AbortSignal): Promise<LabResult> {
  const startedAt = new Date().toISOString()
  const stopped = (): boolean => signal?.aborted === true
  log(`Baseplate lab: ${plan.title}`)
  log(`  starting ${plan.service.kind === 'baseplate' ? 'the API' : `\`${plan.service.command}\``} with the lab's agent preloaded...`)
  const { service, description, cleanup } = await startPlannedService(plan)
  const subjects: SubjectResult[] = []
  try {
    const bystanderUrl = `${service.baseUrl}${plan.bystander}`
    const baseline = await probeBaseline(bystanderUrl)
    for (const subject of plan.subjects) {
      if (stopped()) break
      await warmUp(service, subject)
      const route = `GET ${subject.path}`
      log(`  loading ${route} (${subject.role}, ${plan.shapeName} shape) and measuring where its time goes...`)
      await service.agent.start()
      const probe = subject.path === plan.bystander ? undefined : startProbe(bystanderUrl)
      let load: LoadRunResult
      let loaded: ProbeResult | undefined
      try {
        load = await runLoad({ signal, label: `${subject.role} ${subject.path}`, baseUrl: service.baseUrl, path: subject.path, shape: plan.shape, checks: plan.checks, thresholds: plan.thresholds }, progress.update)
      } finally {
        progress.done()
        loaded = await probe?.stop()
      }
      const snapshot = await service.agent.stop({ explain: !stopped() })
      if (stopped()) break
      const measured = snapshot.routes.find((r) => r.key === route)
      if (measured === undefined) throw new Error(`the agent saw no request for ${route}; is ${service.baseUrl} the service it runs in?`)
      const bystander = loaded === undefined ? undefined : { route: `GET ${plan.bystander}`, baselineP95Ms: baseline.p95Ms, loadedP95Ms: loaded.p95Ms }
      const diagnosis = diagnose({ route: measured, cpu: snapshot.cpu, thresholdsPassed: load.passed, bystander })
      subjects.push({
        ...subject,
        route,
        load,
        diagnosis,
        perRequest: perRequest(measured),
        measured,
        cpu: snapshot.cpu,
        sources: snapshot.sources,
        ...(bystander === undefined ? {} : { bystander }),
        asExpected: subject.expect === undefined ? load.passed : (subject.expect === 'pass') === load.passed
      })
    }
  } finally {
    await service.stop()
    await cleanup()
  }
  const result: LabResult = {
    tool: 'baseplate-lab',
    startedAt,
    title: plan.title,
    shape: plan.shapeName,
    service: description,
    thresholds: plan.thresholds,
    subjects,
    ok: subjects.every((s) => s.asExpected)
  }
  if (stopped()) return result
  mkdirSync(plan.outDir, { recursive: true })
  writeFileSync(join(plan.outDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(join(plan.outDir, 'index.html'), renderHtmlReport(result))
  return result
}
