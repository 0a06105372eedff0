// Seeded fuzzing of every operation of the OpenAPI document (read from the app, so a new route
// is fuzzed without a change here) with requests that are malformed by construction.
//
// What is malformed: a path or query value outside its schema (integers in any spelling but
// plain decimal digits in range), a query key the operation does not declare (the API rejects
// unknown properties rather than dropping them), a declared scalar given twice, a body the
// schema rejects, text that is not JSON, a media type other than application/json, and raw
// HTTP that Node's parser must refuse (request line, method, header block, framing, chunks).
// Inputs that could still be valid (a body the schema accepts, a path that names another
// operation) are classified and skipped with fc.pre, so every request sent must fail.
//
// What is an acceptable answer: a 4xx whose JSON body is { statusCode, error, message, field? }
// with error the status's reason phrase. Over a raw socket also: the server closing the
// connection without an answer, or Node's own empty-bodied 400 with `Connection: close` (Node
// answers an HTTP/1.1 request without Host itself, before the app sees it). A 5xx or any other
// status always fails. Afterwards every table of the database must be byte for byte as before.
//
// Not generated, because Node or the router accept them and they cannot write anything here:
// HTTP/0.9 and HTTP/2.0 request lines, doubled spaces in the request line, a fragment or `*` as
// the target, duplicate Host headers, `Transfer-Encoding: gzip, chunked` (passed on undecoded).
//
// FUZZ_SEED (default 20260601) and FUZZ_RUNS (default 1600 requests per dialect) replay a run.
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from './helpers/app.ts'
import { dumpDatabase } from './helpers/db-dump.ts'
import { dialects } from './helpers/dialects.ts'
import { describeOperation, operationsOf, type Operation } from './helpers/fuzz-openapi.ts'
import { errorResponseProblem } from './helpers/fuzz-oracle.ts'
import { rawCases, type RawCase } from './helpers/fuzz-raw.ts'
import { kindsOf, malformedRequests, type FuzzRequest } from './helpers/fuzz-requests.ts'
import { formatRequest, Tally } from './helpers/fuzz-tally.ts'
import { sendRaw, type RawOutcome, type RawResponse } from './helpers/raw-http.ts'

function integerFromEnv (name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${process.env[name]}"`)
  return value
}

const seed = integerFromEnv('FUZZ_SEED', 20260601)
const runs = integerFromEnv('FUZZ_RUNS', 1600)

/** Node's own answer to a request it refuses before the app sees it (an HTTP/1.1 request without Host). */
const nodesOwn = (response: RawResponse): boolean =>
  response.status === 400 && response.headers.connection?.toLowerCase() === 'close' && response.body === ''

/** Why a raw exchange is not acceptable; undefined when it is. */
function rawProblem (outcome: RawOutcome): string | undefined {
  if (!outcome.closed) return 'the server neither closed the connection nor finished answering within 5 s'
  if (outcome.leftover !== '') return `an answer that is not HTTP, or cut short: ${JSON.stringify(outcome.leftover.slice(0, 300))}`
  for (const response of outcome.responses) {
    const problem = nodesOwn(response) ? undefined : errorResponseProblem(response.status, response.headers['content-type'], response.body)
    if (problem !== undefined) return `${problem} (answer: ${response.status} ${JSON.stringify(response.body.slice(0, 300))})`
  }
  return undefined
}

/** Sends a structured request through inject; the problem with its answer, if any. */
async function injected (app: FastifyInstance, request: FuzzRequest, tally: Tally): Promise<string | undefined> {
  const res = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.body === undefined ? {} : { payload: request.body }) })
  tally.count(tally.answers, String(res.statusCode))
  const problem = errorResponseProblem(res.statusCode, res.headers['content-type'] as string | undefined, res.body)
  return problem === undefined ? undefined : `${problem} (answer: ${res.statusCode} ${JSON.stringify(res.body.slice(0, 300))})`
}

async function overTheWire (port: number, request: RawCase, tally: Tally): Promise<string | undefined> {
  const outcome = await sendRaw(port, request.bytes, { end: request.end })
  if (outcome.responses.length === 0 && outcome.closed) tally.count(tally.answers, 'raw: closed without an answer')
  for (const response of outcome.responses) tally.count(tally.answers, `raw: ${response.status}${nodesOwn(response) ? ' from Node, empty' : ''}`)
  return rawProblem(outcome)
}

/** Runs `numRuns` requests from `arbitrary`; fails with the first bad exchange, printed for replay. */
async function fuzz<T extends FuzzRequest | RawCase> (label: string, pairSeed: number, numRuns: number, arbitrary: fc.Arbitrary<T>,
  tally: Tally, send: (request: T) => Promise<string | undefined>): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, async (request) => {
    if ('skip' in request && request.skip !== undefined) tally.count(tally.skipped, request.skip)
    fc.pre(!('skip' in request) || request.skip === undefined)
    tally.count(tally.sent, 'bytes' in request ? `raw ${request.kind}` : request.kind)
    const problem = await send(request)
    if (problem !== undefined) throw new Error(problem)
  }), { seed: pairSeed, numRuns })
  if (details.failed) {
    const request = details.counterexample?.[0]
    assert.fail([
      `${label}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
      `  request: ${request === undefined ? 'none' : formatRequest(request)}`,
      `  replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} node --import tsx --test test/fuzz.test.ts (fast-check seed ${details.seed}, path ${(details.counterexamplePath ?? '').slice(0, 80)})`
    ].join('\n'))
  }
}

async function fuzzOperation (t: TestContext, app: FastifyInstance, operations: Operation[], index: number, perKind: number, tally: Tally): Promise<void> {
  const operation = operations[index]!
  const label = describeOperation(operation)
  const { port } = app.server.address() as AddressInfo
  await t.test(label, async () => {
    for (const [k, kind] of kindsOf(operation).entries()) {
      await fuzz(`${label} (${kind})`, seed + index * 10 + k, perKind, malformedRequests(operation, kind, operations), tally, (r) => injected(app, r, tally))
    }
    await fuzz(`${label} (raw HTTP)`, seed + index * 10 + 9, perKind, rawCases(operation, operations), tally, (r) => overTheWire(port, r, tally))
  })
}

for (const dialect of dialects) {
  describe(`fuzzing the OpenAPI document (${dialect})`, () => {
    it('answers every malformed request with a 4xx error (or a close) and writes nothing', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 12, seedScenarios: true })
      await app.listen({ host: '127.0.0.1', port: 0 })
      const operations = operationsOf(app.swagger() as Parameters<typeof operationsOf>[0])
      const pairs = operations.reduce((sum, o) => sum + kindsOf(o).length + 1, 0)
      const perKind = Math.ceil(runs / pairs)
      const before = await dumpDatabase(app.db)
      const tally = new Tally()

      for (const index of operations.keys()) await fuzzOperation(t, app, operations, index, perKind, tally)

      const after = await dumpDatabase(app.db)
      t.diagnostic(`fuzz ${dialect}, seed ${seed}, ${operations.length} operations: ${tally.summary()}; ` +
        `database ${JSON.stringify(after) === JSON.stringify(before) ? 'unchanged' : 'CHANGED'} (${Object.keys(after).length} tables and sequences)`)
      assert.ok(tally.total >= runs, `sent ${tally.total} requests, fewer than FUZZ_RUNS=${runs}`)
      assert.deepEqual(after, before, 'a malformed request changed the database')
    })
  })
}
