// The fuzzer's books: requests sent per kind, answers per status, skipped inputs, and how a
// failing request is printed so that it can be read and replayed.
import type { FuzzRequest } from './fuzz-requests.ts'
import type { RawCase } from './fuzz-raw.ts'

export class Tally {
  readonly sent = new Map<string, number>()
  readonly answers = new Map<string, number>()
  readonly skipped = new Map<string, number>()

  count (map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1)
  }

  get total (): number {
    return [...this.sent.values()].reduce((sum, n) => sum + n, 0)
  }

  summary (): string {
    const list = (map: Map<string, number>): string => [...map].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} ${n}`).join(', ')
    const skipped = this.skipped.size === 0 ? 'none' : list(this.skipped)
    return `${this.total} malformed requests (${list(this.sent)}); answers: ${list(this.answers)}; skipped before sending: ${skipped}`
  }
}

const clip = (text: string, limit = 2000): string =>
  `${JSON.stringify(text.slice(0, limit))}${text.length > limit ? ` … (${text.length} in all: replay the seed for the whole)` : ''}`

/** The request as one would type it again: method, URL, headers and body (long ones clipped). */
export function formatRequest (request: FuzzRequest | RawCase): string {
  if ('bytes' in request) {
    return `raw ${request.kind} (${request.what}), ${request.bytes.length} bytes${request.end ? ', then the input ends' : ''}:\n    ${clip(request.bytes)}`
  }
  const body = request.body === undefined ? 'none' : `${request.body.length} characters ${clip(request.body)}`
  return [
    `${request.method} ${clip(request.url)}`,
    `    headers: ${JSON.stringify(request.headers)}`,
    `    body: ${body}`
  ].join('\n')
}
