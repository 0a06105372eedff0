// Malformed requests for one operation, one kind at a time: the request is valid but for the
// faults the kind adds, so every fault is reached. A request that turns out valid after all (or
// that names another operation) is marked skipped with the reason, never sent.
import fc from 'fast-check'
import {
  concretePath, namesAnotherOperation, queryString, validBody, validQuery, validValue, type JsonSchema, type Operation
} from './fuzz-openapi.ts'
import { acceptsBody } from './fuzz-oracle.ts'
import {
  anyValue, brokenEscapes, brokenJson, deeplyNested, malformedParameter, nonObjectJson, nonStringJson, unknownKey
} from './fuzz-values.ts'

export type StructuredKind = 'path' | 'query' | 'body' | 'json-syntax' | 'content-type'

export interface FuzzRequest {
  kind: StructuredKind
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  /** Why this request is not sent: it is valid after all, or it names another operation. */
  skip?: string
}

/** The kinds of fault an operation's declared inputs allow. */
export function kindsOf (operation: Operation): StructuredKind[] {
  return [
    ...(operation.params.length > 0 ? ['path' as const] : []),
    'query' as const,
    ...(operation.body !== undefined ? ['body' as const, 'json-syntax' as const, 'content-type' as const] : [])
  ]
}

const json = { 'content-type': 'application/json' }

/** The operation's valid request with the given pieces swapped in. */
function request (operation: Operation, kind: StructuredKind, parts: { path?: string, query?: string, headers?: Record<string, string>, body?: string }): FuzzRequest {
  const query = parts.query ?? queryString(validQuery(operation))
  const body = parts.body ?? (operation.body === undefined ? undefined : JSON.stringify(validBody(operation.body)))
  return {
    kind,
    method: operation.method,
    url: `${parts.path ?? concretePath(operation)}${query === '' ? '' : `?${query}`}`,
    headers: parts.headers ?? (body === undefined ? {} : json),
    ...(body === undefined ? {} : { body })
  }
}

function pathFaults (operation: Operation, operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operation.params).chain((param) => fc.oneof(
    malformedParameter(param.schema).map(encodeURIComponent),
    fc.constantFrom(...brokenEscapes)
  ).map((value) => {
    const path = concretePath(operation, { [param.name]: value })
    const made = request(operation, 'path', { path })
    // The client resolves dot segments: an id of "." asks for /api/posts/, a route of its own.
    const pathname = new URL(made.url, 'http://localhost').pathname
    return namesAnotherOperation(operations, operation.method, pathname, operation) ? { ...made, skip: `names ${operation.method} ${pathname}` } : made
  }))
}

type Pairs = Array<[string, string]>
type QueryFault = (pairs: Pairs) => Pairs

function queryFaults (operation: Operation): fc.Arbitrary<FuzzRequest> {
  const declared = operation.query.map((p) => p.name)
  const encode = (key: string, value: string): [string, string] => [encodeURIComponent(key), encodeURIComponent(value)]
  const without = (pairs: Pairs, name: string): Pairs => pairs.filter(([key]) => key !== encodeURIComponent(name))
  const faults: Array<fc.Arbitrary<QueryFault>> = [
    fc.tuple(unknownKey(declared), anyValue).map(([key, value]) => (pairs) => [...pairs, encode(key, value)])
  ]
  if (operation.query.length > 0) {
    const param = fc.constantFrom(...operation.query)
    faults.push(
      param.chain((p) => fc.oneof(malformedParameter(p.schema).map((v) => encode(p.name, v)), fc.constantFrom(...brokenEscapes).map((v): [string, string] => [encodeURIComponent(p.name), v]))
        .map((pair) => (pairs: Pairs) => [...without(pairs, p.name), pair])),
      // A declared scalar given twice arrives as an array.
      param.map((p) => (pairs: Pairs) => [...without(pairs, p.name), encode(p.name, validValue(p.schema)), encode(p.name, validValue(p.schema))])
    )
    const mandatory = operation.query.filter((p) => p.required && p.schema.default === undefined)
    if (mandatory.length > 0) faults.push(fc.constantFrom(...mandatory).map((p) => (pairs: Pairs) => without(pairs, p.name)))
  }
  return fc.array(fc.oneof(...faults), { minLength: 1, maxLength: 3 }).map((chosen) =>
    request(operation, 'query', { query: chosen.reduce((pairs, fault) => fault(pairs), validQuery(operation).map(([k, v]) => encode(k, v))).map(([k, v]) => `${k}=${v}`).join('&') }))
}

type Entries = Array<[string, string]>

/** `{"key":<json text>,...}`, written by hand so that "__proto__" is sent as an own key. */
const objectText = (entries: Entries): string => `{${entries.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`

function bodyFaults (schema: JsonSchema): fc.Arbitrary<string> {
  const names = Object.keys(schema.properties ?? {})
  const property = fc.constantFrom(...names)
  const replace = (entries: Entries, name: string, text: string): Entries => [...entries.filter(([key]) => key !== name), [name, text]]
  const faults: Array<fc.Arbitrary<(entries: Entries) => Entries>> = [
    fc.tuple(unknownKey(names), nonStringJson).map(([key, text]) => (entries) => [...entries, [key, text]]),
    fc.tuple(property, nonStringJson).map(([name, text]) => (entries) => replace(entries, name, text)),
    property.chain((name) => {
      const { minLength = 0, maxLength = 20_000 } = schema.properties?.[name] ?? {}
      const lengths = fc.oneof(fc.integer({ min: maxLength + 1, max: maxLength + 100 }), fc.integer({ min: 100_000, max: 200_000 }),
        ...(minLength > 0 ? [fc.integer({ min: 0, max: minLength - 1 })] : []))
      return lengths.map((length) => (entries: Entries) => replace(entries, name, JSON.stringify('x'.repeat(length))))
    }),
  ]
  // Text only the x-text rule refuses: NUL, or a surrogate without its pair, written as JSON escapes.
  const textNames = names.filter((name) => schema.properties?.[name]?.['x-text'] === true)
  if (textNames.length > 0) {
    faults.push(fc.tuple(fc.constantFrom(...textNames), fc.constantFrom('\\u0000', '\\ud800', '\\udfff', '\\ude00\\ud83d', 'a\\ud83d'), fc.string({ maxLength: 10 }))
      .map(([name, escape, around]) => (entries) => replace(entries, name, `${JSON.stringify(around).slice(0, -1)}${escape}${JSON.stringify(around).slice(1)}`)))
  }
  const required = schema.required ?? []
  // Some of what the schema requires left out, or every property when it asks for at least one.
  if (required.length > 0) faults.push(fc.subarray(required, { minLength: 1 }).map((dropped) => (entries) => entries.filter(([key]) => !dropped.includes(key))))
  else if ((schema.minProperties ?? 0) > 0) faults.push(fc.constant(() => []))
  const start = Object.entries(validBody(schema)).map(([key, value]): [string, string] => [key, JSON.stringify(value)])
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.oneof(...faults), { minLength: 1, maxLength: 2 }).map((chosen) => objectText(chosen.reduce((entries, fault) => fault(entries), start))) },
    { weight: 1, arbitrary: fc.oneof(nonObjectJson, deeplyNested) }
  )
}

const wrongContentTypes = [
  undefined, '', 'text/plain', 'text/plain; charset=utf-8', 'text/html', 'text/json', 'application/xml', 'application/octet-stream',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzz', 'application/jsonx', 'application/json-patch+json',
  'application/vnd.api+json', 'application/x-json', 'application/*', '*/*', 'application/json, text/plain', 'json'
]

/** The valid body, written as the wrong media type says (form fields, multipart parts, or JSON anyway). */
function bodyAs (type: string | undefined, body: Record<string, string>): string {
  if (type === 'application/x-www-form-urlencoded') return queryString(Object.entries(body))
  if (type?.startsWith('multipart/') === true) {
    return `${Object.entries(body).map(([name, value]) => `--fuzz\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--fuzz--\r\n`
  }
  return JSON.stringify(body)
}

/** Skips a body that parses and satisfies the schema: valid by accident. */
function classified (schema: JsonSchema, made: FuzzRequest): FuzzRequest {
  let value: unknown
  try {
    // RFC 8259 lets a parser ignore a byte order mark, and Fastify's does.
    value = JSON.parse((made.body ?? '').replace(/^\uFEFF/, ''))
  } catch {
    return made
  }
  return acceptsBody(schema, value) ? { ...made, skip: 'the body is valid JSON the schema accepts' } : made
}

/** Malformed requests of one kind for the operation. */
export function malformedRequests (operation: Operation, kind: StructuredKind, operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  const schema = operation.body
  if (kind === 'path') return pathFaults(operation, operations)
  if (kind === 'query') return queryFaults(operation)
  if (schema === undefined) throw new Error(`${operation.method} ${operation.path} takes no body`)
  if (kind === 'body') return bodyFaults(schema).map((body) => classified(schema, request(operation, kind, { body })))
  if (kind === 'json-syntax') return brokenJson(JSON.stringify(validBody(schema))).map((body) => classified(schema, request(operation, kind, { body })))
  return fc.constantFrom(...wrongContentTypes).map((type) => request(operation, kind, {
    headers: type === undefined ? {} : { 'content-type': type },
    body: bodyAs(type, validBody(schema))
  }))
}
