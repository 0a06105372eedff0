// Raw HTTP cases for one operation: its valid request (valid body included) broken at the HTTP
// layer only (request line, method, header block, message framing, chunked coding), so that the
// parser alone stands between the bytes and a write. Every break is one Node's parser rejects or
// one that leaves no routed request; none may be answered with anything but a 4xx or a close.
import { METHODS } from 'node:http'
import fc from 'fast-check'
import { concretePath, queryString, validBody, validQuery, type Operation } from './fuzz-openapi.ts'

export type RawKind = 'request-line' | 'method' | 'headers' | 'framing' | 'chunked'

export interface RawCase {
  kind: RawKind
  /** What was broken, for the report. */
  what: string
  bytes: string
  /** Half-close after writing: the break is a message cut short, seen only at the end of input. */
  end: boolean
}

interface Valid { method: string, target: string, headers: string[], body: string }

function validRequest (operation: Operation): Valid {
  const query = queryString(validQuery(operation))
  const body = operation.body === undefined ? '' : JSON.stringify(validBody(operation.body))
  return {
    method: operation.method,
    target: `${concretePath(operation)}${query === '' ? '' : `?${query}`}`,
    // Connection: close makes the server end every exchange it accepts, so an answer always ends in a close.
    headers: ['Host: 127.0.0.1', 'Connection: close', ...(body === '' ? [] : ['Content-Type: application/json'])],
    body
  }
}

const message = (line: string, headers: string[], body = ''): string => `${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`
const lengthOf = (body: string): string[] => body === '' ? [] : [`Content-Length: ${body.length}`]
const chunked = (body: string): string => `${body === '' ? '' : `${body.length.toString(16)}\r\n${body}\r\n`}0\r\n\r\n`
const insert = (text: string, at: number, piece: string): string => text.slice(0, at) + piece + text.slice(at)
const rawCase = (kind: RawKind, what: string, bytes: string, end = false): RawCase => ({ kind, what, bytes, end })

function requestLineCases (v: Valid): fc.Arbitrary<RawCase> {
  const rest = [...v.headers, ...lengthOf(v.body)]
  const send = (what: string, line: string): RawCase => rawCase('request-line', what, message(line, rest, v.body))
  return fc.oneof(
    fc.tuple(fc.nat(v.method.length), fc.constantFrom('@', '(', '/', '"', '\x00', '\x7f', '\xff', '\t'))
      .map(([at, c]) => insert(v.method, at, c)).filter((m) => !METHODS.includes(m))
      .map((m) => send('method token', `${m} ${v.target} HTTP/1.1`)),
    fc.constant(send('lower-case method', `${v.method.toLowerCase()} ${v.target} HTTP/1.1`)),
    fc.constantFrom('HTTP/1.2', 'HTTP/1.9', 'HTTP/0.0', 'HTTP/3.0', 'HTTP/2.1', 'HTTP/1', 'HTTP/1.', 'HTTP/11', 'HTTP/1.1.1', 'http/1.1',
      'HTTP/x.y', 'HTTPS/1.1', 'HTTP/1.1 x', 'HTTP\\1.1', 'HTTP/ 1.1', 'HTTP/1.10', 'HTTP/01.1').map((version) => send('version', `${v.method} ${v.target} ${version}`)),
    fc.tuple(fc.integer({ min: 1, max: v.target.length }), fc.constantFrom('\x00', '\x01', '\t', '\x0b', '\x1f', '\x7f', '\x80', '\xff'))
      .map(([at, c]) => send('byte in the target', `${v.method} ${insert(v.target, at, c)} HTTP/1.1`)),
    fc.constantFrom(' ', '\t', '\x00', 'x ', '\x16\x03\x01').map((junk) => send('bytes before the method', `${junk}${v.method} ${v.target} HTTP/1.1`)),
    fc.integer({ min: 17_000, max: 40_000 }).map((n) => send('request line over 16 KB', `${v.method} ${v.target}${v.target.includes('?') ? '&' : '?'}a=${'a'.repeat(n)} HTTP/1.1`)),
    fc.constantFrom('\n', '\r').map((eol) => rawCase('request-line', 'bare line ends', message(`${v.method} ${v.target} HTTP/1.1`, rest, v.body).replaceAll('\r\n', eol))),
    // Never a whole header block, so never a request: written, then the input ends.
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1'))
      .filter((text) => !/\r?\n\r?\n/.test(text)).map((text) => rawCase('request-line', 'binary garbage', text, true))
  )
}

/** True when some operation answers `method` on this concrete path. */
function routed (operations: Operation[], method: string, path: string): boolean {
  return operations.some((o) => o.method === method && new RegExp(`^${o.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`).test(path))
}

function methodCases (v: Valid, operations: Operation[]): fc.Arbitrary<RawCase> {
  const path = v.target.split('?')[0]!
  // HEAD is answered wherever GET is; every other method Node knows but no operation serves.
  const unrouted = METHODS.filter((m) => m !== 'HEAD' && !routed(operations, m, path))
  const send = (what: string, method: string): RawCase => rawCase('method', what, message(`${method} ${v.target} HTTP/1.1`, v.headers))
  return fc.oneof(
    fc.constantFrom(...unrouted).map((m) => send('method no operation serves', m)),
    fc.stringMatching(/^[A-Z][A-Z_-]{0,15}$/).filter((m) => !METHODS.includes(m)).map((m) => send('unknown method', m)),
    fc.integer({ min: 100, max: 5000 }).map((n) => send('very long method', 'A'.repeat(n)))
  )
}

function headerCases (v: Valid): fc.Arbitrary<RawCase> {
  const rest = [...v.headers, ...lengthOf(v.body)]
  const line = `${v.method} ${v.target} HTTP/1.1`
  const added = (what: string, extra: fc.Arbitrary<string[]>): fc.Arbitrary<RawCase> => fc.tuple(fc.nat(rest.length), extra)
    .map(([at, lines]) => rawCase('headers', what, message(line, [...rest.slice(0, at), ...lines, ...rest.slice(at)], v.body)))
  const ctl = fc.constantFrom(...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\t'), '\x7f')
  return fc.oneof(
    added('header over 16 KB', fc.integer({ min: 17_000, max: 70_000 }).map((n) => [`X-Fuzz: ${'a'.repeat(n)}`])),
    added('header block over 16 KB', fc.integer({ min: 170, max: 700 }).map((n) => Array.from({ length: n }, (_, i) => `X-Fuzz-${i}: ${'a'.repeat(90)}`))),
    added('byte in a header name', fc.constantFrom(...'()<>@,;"/[]?={} \t\x00\x7f\x80\xff').map((c) => [`X-F${c}uzz: value`])),
    added('control byte in a header value', ctl.map((c) => [`X-Fuzz: a${c}b`])),
    added('whitespace before the colon', fc.constantFrom(' ', '\t').map((ws) => [`X-Fuzz${ws}: value`])),
    added('folded header line', fc.constantFrom(' ', '\t').map((ws) => ['X-Fuzz: a', `${ws}b`])),
    added('line without a colon', fc.constantFrom(['X-Fuzz'], [': value'], ['X-Fuzz: a\r\ninjected'])),
    fc.constant(rawCase('headers', 'HTTP/1.1 without Host', message(line, rest.filter((h) => !h.startsWith('Host:')), v.body)))
  )
}

function framingCases (v: Valid): fc.Arbitrary<RawCase> {
  const line = `${v.method} ${v.target} HTTP/1.1`
  const n = v.body.length
  const send = (what: string, extra: string[], body: string, end = false): RawCase => rawCase('framing', what, message(line, [...v.headers, ...extra], body), end)
  const cases = [
    fc.constant(send('Content-Length and Transfer-Encoding', [`Content-Length: ${n}`, 'Transfer-Encoding: chunked'], chunked(v.body))),
    fc.constantFrom([`${n}`, `${n + 1}`], [`${n}`, `${n}`], [`${n}, ${n}`]).map((values) => send('repeated Content-Length', values.map((l) => `Content-Length: ${l}`), v.body)),
    fc.constantFrom('-1', `+${n}`, `0x${n.toString(16)}`, `${n}.0`, `${n}e0`, 'abc', `${n} ${n}`, '9'.repeat(25))
      .map((value) => send('malformed Content-Length', [`Content-Length: ${value}`], v.body)),
    fc.constantFrom(['gzip'], ['chunked, gzip'], ['xchunked'], ['chunked;q=1'], ['identity'], ['chunked', 'chunked'])
      .map((codings) => send('malformed Transfer-Encoding', codings.map((c) => `Transfer-Encoding: ${c}`), chunked(v.body)))
  ]
  if (n > 0) {
    cases.push(
      fc.integer({ min: n + 1, max: n + 1000 }).map((length) => send('body shorter than Content-Length', [`Content-Length: ${length}`], v.body, true)),
      fc.integer({ min: 0, max: n - 1 }).map((length) => send('body longer than Content-Length', [`Content-Length: ${length}`], v.body)),
      fc.constant(send('body without Content-Length', [], v.body))
    )
  }
  return fc.oneof(...cases)
}

function chunkedCases (v: Valid): fc.Arbitrary<RawCase> {
  const head = message(`${v.method} ${v.target} HTTP/1.1`, [...v.headers, 'Transfer-Encoding: chunked'])
  const n = v.body.length
  const hex = n.toString(16)
  const send = (what: string, chunks: string, end = false): RawCase => rawCase('chunked', what, head + chunks, end)
  return fc.oneof(
    fc.constantFrom('zz', 'g', '-1', ` ${hex}`, `0x${hex}`, '', `+${hex}`, `${hex} ${hex}`, 'f'.repeat(17))
      .map((size) => send('malformed chunk size', `${size}\r\n${v.body}\r\n0\r\n\r\n`)),
    fc.integer({ min: 1, max: n - 1 }).map((size) => send('chunk longer than its size', `${size.toString(16)}\r\n${v.body}\r\n0\r\n\r\n`)),
    fc.integer({ min: n + 1, max: n + 1000 }).map((size) => send('chunk shorter than its size', `${size.toString(16)}\r\n${v.body}\r\n`, true)),
    fc.constant(send('no line end after the chunk', `${hex}\r\n${v.body}0\r\n\r\n`)),
    fc.constant(send('bare line ends in the chunks', `${hex}\n${v.body}\n0\n\n`)),
    fc.constantFrom(';\x01', ' ;a=b', ';a="b', ';\x7f').map((extension) => send('malformed chunk extension', `${hex}${extension}\r\n${v.body}\r\n0\r\n\r\n`)),
    fc.constantFrom(`${hex}\r\n${v.body}\r\n`, `${hex}\r\n${v.body}\r\n0\r\n`).map((chunks) => send('no last chunk', chunks, true)),
    fc.constantFrom('X: a\x01b', 'X : a', 'bad', ' folded').map((trailer) => send('malformed trailer', `${hex}\r\n${v.body}\r\n0\r\n${trailer}\r\n\r\n`))
  )
}

/** The raw kinds an operation allows: framing of a body and chunked coding only where it takes one. */
export function rawCases (operation: Operation, operations: Operation[]): fc.Arbitrary<RawCase> {
  const v = validRequest(operation)
  const kinds = [requestLineCases(v), methodCases(v, operations), headerCases(v), framingCases(v)]
  if (v.body !== '') kinds.push(chunkedCases(v))
  return fc.oneof(...kinds)
}
