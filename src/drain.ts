// A drain for an HTTP server that keeps clients' kept-alive connections in mind. Stops
// accepting, answers every request already received (a request that arrives on a kept-alive
// connection during the drain is served too), closes each connection once its response is
// sent, closes idle ones after a short quiet period, and resolves when the last one is gone.
import type { Server } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'

interface ConnectionState {
  requests: number
  idleSince: number
}

export interface Drain {
  /** Stops accepting and resolves once every connection has closed. */
  drain: () => Promise<void>
  /** Requests being answered right now. */
  inFlight: () => number
}

/**
 * Tracks connections from now on. `quietMs`: an idle kept-alive connection is closed after this
 * much silence, not at once, so a client that sends its next request right now still gets an
 * answer instead of a reset (HTTP/1.1 has no way to tell an idle client "stop").
 */
export function trackConnections (server: Server, { quietMs = 250 } = {}): Drain {
  const connections = new Map<Socket, ConnectionState>()
  let draining = false

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { requests: 0, idleSince: performance.now() })
    socket.once('close', () => connections.delete(socket))
  })
  // Prepended, so it runs before the app answers: during a drain every response says
  // `Connection: close`, and Node ends the connection once that response is sent.
  server.prependListener('request', (request, response) => {
    const state = connections.get(request.socket)
    if (state !== undefined) state.requests++
    if (draining && !response.headersSent) response.setHeader('connection', 'close')
    response.once('close', () => {
      if (state === undefined) return
      state.requests--
      state.idleSince = performance.now()
    })
  })

  function closeQuietConnections (): void {
    const now = performance.now()
    for (const [socket, state] of connections) {
      if (state.requests === 0 && now - state.idleSince >= quietMs) socket.end()
    }
  }

  return {
    inFlight: () => [...connections.values()].reduce((sum, state) => sum + state.requests, 0),
    drain () {
      draining = true
      return new Promise((resolve) => {
        const sweeper = setInterval(closeQuietConnections, 25)
        // net's close, not http's: http.Server#close also destroys every connection that is idle
        // at this instant, resetting requests that clients have just sent on them.
        NetServer.prototype.close.call(server, () => {
          clearInterval(sweeper)
          resolve()
        })
        closeQuietConnections()
      })
    }
  }
}
