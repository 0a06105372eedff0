// Wraps any Kysely dialect so that every statement is timed and reported, and can be delayed
// by a fixed round trip (DB_LATENCY_MS) to model a database one network hop away.
import diagnosticsChannel from 'node:diagnostics_channel'
import { setTimeout as sleep } from 'node:timers/promises'
import type {
  CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings
} from 'kysely'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'

markInfrastructure(import.meta.url)

/** The simulated network hop, traced so that the lab's agent counts it as database time. */
const roundTrips = diagnosticsChannel.tracingChannel('baseplate:db-round-trip')

export interface QueryObserver {
  (query: CompiledQuery, durationMs: number): void
}

export interface InstrumentationOptions {
  latencyMs: number
  onQuery: QueryObserver
  /** Time spent waiting for a connection (SQLite has one, behind a mutex; pools can run dry). */
  onConnectionWait: (durationMs: number) => void
}

class InstrumentedConnection implements DatabaseConnection {
  constructor (readonly inner: DatabaseConnection, private readonly options: InstrumentationOptions) {}

  async executeQuery<R> (query: CompiledQuery): Promise<QueryResult<R>> {
    const started = performance.now()
    try {
      if (this.options.latencyMs > 0) await roundTrips.tracePromise(() => sleep(this.options.latencyMs), {})
      return await this.inner.executeQuery<R>(query)
    } finally {
      this.options.onQuery(query, performance.now() - started)
    }
  }

  streamQuery<R> (query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

const unwrap = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof InstrumentedConnection ? connection.inner : connection

class InstrumentedDriver implements Driver {
  constructor (private readonly inner: Driver, private readonly options: InstrumentationOptions) {}

  init (): Promise<void> { return this.inner.init() }
  destroy (): Promise<void> { return this.inner.destroy() }

  async acquireConnection (): Promise<DatabaseConnection> {
    const started = performance.now()
    const connection = await this.inner.acquireConnection()
    this.options.onConnectionWait(performance.now() - started)
    return new InstrumentedConnection(connection, this.options)
  }

  releaseConnection (connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection))
  }

  beginTransaction (connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(unwrap(connection), settings)
  }

  commitTransaction (connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(unwrap(connection))
  }

  rollbackTransaction (connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(unwrap(connection))
  }
}

export function instrumentDialect (dialect: Dialect, options: InstrumentationOptions): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new InstrumentedDriver(dialect.createDriver(), options),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler()
  }
}
