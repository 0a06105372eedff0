// Entry point: load the configuration, build the app, listen, and drain gracefully on signals.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { trackConnections } from './drain.ts'

async function main (): Promise<void> {
  const config = loadConfig(process.env)
  const app = await buildApp(config)
  const connections = trackConnections(app.server)

  // The grace period is a ceiling: the process exits as soon as the drain is done.
  closeWithGrace({
    delay: config.shutdownGraceMs,
    logger: { error: (message: unknown) => app.log.error(`${String(message)}; ${connections.inFlight()} request(s) still in flight`) }
  }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
    else app.log.info(`${signal} received: no new connections; answering ${connections.inFlight()} in-flight request(s)`)
    await connections.drain()
    await app.close()
    app.log.info('drained: every request answered, database closed')
  })

  try {
    const address = await app.listen({ host: config.host, port: config.port })
    // When started by the lab or the gate (with an IPC channel), say where we listen.
    process.send?.({ type: 'listening', address })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`port ${config.port} on ${config.host} is already in use: stop the other server, or choose another port, e.g. PORT=${config.port + 1} npm start`)
    }
    throw error
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
