// Configuration: one TypeBox schema, read from the environment, validated once and frozen.
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

export const ConfigSchema = Type.Object({
  host: Type.String({ default: '127.0.0.1', minLength: 1 }),
  port: Type.Integer({ default: 8000, minimum: 0, maximum: 65535 }),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** SQLite file, or ":memory:". Ignored when databaseUrl names a PostgreSQL server. */
  databaseFile: Type.String({ default: './data/baseplate.db', minLength: 1 }),
  /** postgres://user:pass@host:port/db switches the dialect to PostgreSQL. */
  databaseUrl: Type.String({ default: '' }),
  /** PostgreSQL only: connections in the pool; requests beyond it wait (seen as connection wait). */
  dbPoolSize: Type.Integer({ default: 10, minimum: 1, maximum: 1_000 }),
  /** PostgreSQL only: the server cancels a statement running longer than this (0: never). */
  dbStatementTimeoutMs: Type.Integer({ default: 30_000, minimum: 0, maximum: 2_147_483_647 }),
  /** Posts created on first start when the database is empty. */
  seedCount: Type.Integer({ default: 100, minimum: 0, maximum: 100_000 }),
  /** Cost of one simulated per-post remote call in the sequential-awaits scenario. */
  slowCallMs: Type.Number({ default: 20, minimum: 0, maximum: 10_000 }),
  /** Added round-trip latency per SQL statement, modelling a database one network hop away. */
  dbLatencyMs: Type.Number({ default: 0, minimum: 0, maximum: 1_000 }),
  bodyLimitBytes: Type.Integer({ default: 100 * 1024, minimum: 1024, maximum: 16 * 1024 * 1024 }),
  /** Per-request accounting (db, outbound, event-loop stalls) and the request metrics built on it. */
  requestProfiling: Type.Boolean({ default: true }),
  /** Adds a Server-Timing header (db, outbound, blocked, total) to every response. */
  serverTiming: Type.Boolean({ default: true }),
  /** Exposes /metrics for Prometheus. */
  metrics: Type.Boolean({ default: true }),
  /** Enables the loopback-only /__admin routes (diagnostics and CPU profiling). Off by default. */
  adminEnabled: Type.Boolean({ default: false }),
  /** Seed the data of the scenario catalogue (comments, settings, events, articles) on first start. */
  seedScenarios: Type.Boolean({ default: true }),
  /** Rows in the large table of the missing-index scenario: enough for a full scan to cost. */
  eventsSeedCount: Type.Integer({ default: 500_000, minimum: 0, maximum: 5_000_000 }),
  /** Articles of the over-fetching scenario (about 16 KB of body each). */
  articlesSeedCount: Type.Integer({ default: 800, minimum: 0, maximum: 100_000 }),
  /** Change-history entries in the settings document of the event-loop-block scenario (~150 B each). */
  settingsHistoryEntries: Type.Integer({ default: 20_000, minimum: 0, maximum: 1_000_000 }),
  /** Extra Fastify plugins to register (comma-separated module paths): routes to hunt in with the lab. */
  plugins: Type.String({ default: '' }),
  /** Grace period for in-flight requests on SIGTERM before the process exits anyway. */
  shutdownGraceMs: Type.Integer({ default: 10_000, minimum: 0 })
})

export type Config = Readonly<Static<typeof ConfigSchema>>

/** `slowCallMs` -> `SLOW_CALL_MS`: every key has exactly one environment variable. */
export function envName (key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The URL's scheme only: the rest may hold a password, which must not reach a log. */
function badDatabaseUrl (candidate: unknown): string | undefined {
  const url = (candidate as { databaseUrl?: unknown }).databaseUrl
  if (typeof url !== 'string' || url === '' || /^postgres(ql)?:\/\/./.test(url)) return undefined
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme'
  return `  DATABASE_URL (${scheme}): must start with postgres:// or postgresql:// (leave it empty for the embedded SQLite database)`
}

/**
 * Reads the configuration from an environment-like record. Pure: the caller passes the
 * environment (tests pass overrides instead of touching process.env). Throws ConfigError
 * naming every bad variable.
 */
export function loadConfig (env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[envName(key)]
    if (value !== undefined && value !== '') raw[key] = value
  }
  Object.assign(raw, overrides)
  const candidate = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, Value.Clone(raw)))
  const lines = Value.Errors(ConfigSchema, candidate).map((error) => {
    const key = error.instancePath.replace(/^\//, '')
    const allowed = 'allowedValues' in error.params ? ` (${String(error.params.allowedValues)})` : ''
    return `  ${envName(key)}=${JSON.stringify(raw[key])}: ${error.message}${allowed}`
  })
  const url = badDatabaseUrl(candidate)
  if (url !== undefined) lines.push(url)
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n${[...new Set(lines)].join('\n')}`)
  return Object.freeze(Value.Clean(ConfigSchema, candidate) as Static<typeof ConfigSchema>)
}
