// For the small servers the harness forks (twin, fixed body): listen on a free loopback port, tell
// the parent where over IPC (see forkServer), and close on SIGTERM.
import type { Server } from 'node:http'

export function listenForHarness (server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    if (address !== null && typeof address === 'object') {
      process.send?.({ type: 'listening', address: `http://127.0.0.1:${address.port}` })
    }
  })
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}
