// `npm run load -- <scenario> <slow|fast>`: the Node runner, k6's twin. Exits 99 when a
// threshold is crossed, like k6.
import { scenarioNames } from '../../scenarios/catalogue.ts'
import { writeResult } from '../../runner/result-file.ts'
import { runAndReport, specFor } from '../../runner/scenario-run.ts'
import { UnreachableError } from '../../runner/reachability.ts'
import { ExitCode, interruptible, parseCommandArgs, positiveNumber, UsageError, type Command } from '../command.ts'

export const command: Command = {
  summary: 'the Node load runner (k6\'s twin): <scenario> <slow|fast>; exits 99 on crossed thresholds',
  usage: `usage: npm run load -- <scenario> <slow|fast> [options]

  scenarios: ${scenarioNames.join(', ')}
  --quick               the few-second shape instead of the full k6 shape
  --duration S          closed loop for S seconds (with --connections) instead of staged VUs
  --connections N       closed-loop connections (default 10)
  --base-url URL        server to load (default $BASE_URL or http://127.0.0.1:8000)
  --out FILE            write the JSON result here (default results/<scenario>-<variant>.json)
  --prometheus-rw URL   push progress to Prometheus remote write, with k6's metric names
                        (default $K6_PROMETHEUS_RW_SERVER_URL when set)
  --testid ID           the testid label of the pushed series (default <scenario>/<variant>)`,
  async run (args) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        quick: { type: 'boolean', default: false },
        duration: { type: 'string' },
        connections: { type: 'string' },
        'base-url': { type: 'string' },
        out: { type: 'string' },
        'prometheus-rw': { type: 'string' },
        testid: { type: 'string' }
      }
    })
    const [scenario, variant] = positionals
    if (scenario === undefined || variant === undefined || positionals.length > 2) throw new UsageError('needs <scenario> and <slow|fast>')
    let spec
    try {
      spec = specFor(scenario, variant, {
        baseUrl: values['base-url'] ?? process.env.BASE_URL ?? 'http://127.0.0.1:8000',
        quick: values.quick,
        duration: positiveNumber('duration', values.duration),
        connections: positiveNumber('connections', values.connections),
        prometheusRw: values['prometheus-rw'] ?? process.env.K6_PROMETHEUS_RW_SERVER_URL,
        testid: values.testid
      })
    } catch (error) {
      throw error instanceof UsageError ? error : new UsageError((error as Error).message)
    }
    let outcome
    try {
      outcome = await interruptible((signal) => runAndReport({ ...spec, signal }))
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error
      console.error(`${error.message}\n  is the API running? start it with \`npm start\`, or point --base-url (or BASE_URL) at it`)
      return ExitCode.unreachable
    }
    const { value: result, interrupted } = outcome
    const out = values.out ?? `results/${scenario}-${variant}.json`
    writeResult(out, result)
    console.log(`\n  result written to ${out}${interrupted ? ' (marked aborted: the run was interrupted)' : ''}`)
    if (interrupted) return ExitCode.aborted
    return result.passed ? ExitCode.ok : ExitCode.thresholdsCrossed
  }
}
