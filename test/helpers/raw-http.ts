// A raw HTTP/1.1 client for the fuzzer: writes bytes to a socket exactly as given (no client
// library to fix them up), reads until the server closes, and splits the answer into responses.
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface RawOutcome {
  responses: RawResponse[]
  /** The server closed (or reset) the connection before the deadline. */
  closed: boolean
  /** Bytes after the last complete response: a cut or unparsable answer. */
  leftover: string
}

/** Sends `bytes` (latin1), optionally half-closes, and waits up to `timeoutMs` for the server to close. */
export function sendRaw (port: number, bytes: string, { end = false, timeoutMs = 5000 } = {}): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let closed = false
    const finish = (): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve({ ...parseResponses(Buffer.concat(chunks).toString('latin1')), closed })
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset while we still write (the server gave up on an oversized request) is a close too.
    socket.on('error', () => {})
    socket.on('close', () => { closed = true; finish() })
    socket.write(Buffer.from(bytes, 'latin1'))
    if (end) socket.end()
  })
}

/** The complete responses in `text` (latin1), and what is left after them. */
export function parseResponses (text: string): { responses: RawResponse[], leftover: string } {
  const responses: RawResponse[] = []
  let rest = text
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n')
    if (headEnd === -1) break
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3}) /.exec(`${statusLine} `)
    if (status === null) break
    const headers = Object.fromEntries(lines.map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
    }))
    const body = bodyOf(rest.slice(headEnd + 4), headers)
    if (body === undefined) break
    responses.push({ status: Number(status[1]), headers, body: Buffer.from(body.text, 'latin1').toString('utf8') })
    rest = body.rest
  }
  return { responses, leftover: rest }
}

/** The body by Content-Length or chunked coding (else up to the close); undefined when cut short. */
function bodyOf (text: string, headers: Record<string, string>): { text: string, rest: string } | undefined {
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    let body = ''
    let rest = text
    for (;;) {
      const lineEnd = rest.indexOf('\r\n')
      if (lineEnd === -1) return undefined
      const size = Number.parseInt(rest.slice(0, lineEnd), 16)
      if (Number.isNaN(size) || rest.length < lineEnd + 2 + size + 2) return undefined
      body += rest.slice(lineEnd + 2, lineEnd + 2 + size)
      rest = rest.slice(lineEnd + 2 + size + 2)
      if (size === 0) return { text: body, rest }
    }
  }
  if (headers['content-length'] === undefined) return { text, rest: '' }
  const length = Number(headers['content-length'])
  return text.length < length ? undefined : { text: text.slice(0, length), rest: text.slice(length) }
}
