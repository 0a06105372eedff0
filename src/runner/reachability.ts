// Before a load run: can the target be reached at all? A refused connection is a setup problem,
// not a crossed threshold, and it gets its own exit code and a message that says what happened.
import { connect } from 'node:net'

const meanings: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens on that port',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out'
}

export class UnreachableError extends Error {
  override name = 'UnreachableError'
  constructor (readonly target: string, readonly code: string) {
    super(`cannot reach ${target}: ${code}${meanings[code] === undefined ? '' : ` (${meanings[code]})`}`)
  }
}

/** Opens (and closes) one TCP connection to the URL's host and port; throws UnreachableError. */
export async function assertReachable (url: URL, timeoutMs = 5000): Promise<void> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const host = url.hostname.replace(/^\[|\]$/g, '')
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port })
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })))
    socket.once('connect', () => { socket.end(); resolve() })
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new UnreachableError(url.origin, error.code ?? error.message)))
  })
}
