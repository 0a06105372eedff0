import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, envName, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({})
    assert.equal(config.host, '127.0.0.1')
    assert.equal(config.port, 8000)
    assert.equal(config.slowCallMs, 20)
    assert.equal(config.databaseFile, './data/baseplate.db')
    assert.equal(config.logLevel, 'info')
    assert.equal(config.adminEnabled, false)
    assert.ok(Object.isFrozen(config))
  })

  it('converts environment strings to typed values', () => {
    const config = loadConfig({ PORT: '9000', SLOW_CALL_MS: '5.5', SERVER_TIMING: 'false', LOG_LEVEL: 'warn' })
    assert.equal(config.port, 9000)
    assert.equal(config.slowCallMs, 5.5)
    assert.equal(config.serverTiming, false)
    assert.equal(config.logLevel, 'warn')
  })

  it('names every invalid variable in one error', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', SLOW_CALL_MS: '-1', LOG_LEVEL: 'loud' }), (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /PORT="eighty": must be integer/)
      assert.match(error.message, /SLOW_CALL_MS="-1": must be >= 0/)
      assert.match(error.message, /LOG_LEVEL="loud"/)
      return true
    })
  })

  it('reads the PostgreSQL settings, with a pool of 10 and a 30 s statement timeout by default', () => {
    assert.deepEqual(
      [loadConfig({}).databaseUrl, loadConfig({}).dbPoolSize, loadConfig({}).dbStatementTimeoutMs], ['', 10, 30_000])
    const config = loadConfig({ DATABASE_URL: 'postgresql://app:secret@db:5432/baseplate', DB_POOL_SIZE: '4', DB_STATEMENT_TIMEOUT_MS: '0' })
    assert.deepEqual([config.databaseUrl, config.dbPoolSize, config.dbStatementTimeoutMs], ['postgresql://app:secret@db:5432/baseplate', 4, 0])
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/baseplate' }).databaseUrl, 'postgres://127.0.0.1/baseplate')
  })

  it('rejects a DATABASE_URL that is not PostgreSQL without printing it, and a pool of 0', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app', DB_POOL_SIZE: '0' }), (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /DATABASE_URL \(mysql:\): must start with postgres:\/\/ or postgresql:\/\//)
      assert.match(error.message, /DB_POOL_SIZE="0": must be >= 1/)
      assert.doesNotMatch(error.message, /hunter2/)
      return true
    })
    assert.throws(() => loadConfig({ DATABASE_URL: './data/baseplate.db' }), /DATABASE_URL \(no scheme\)/)
  })

  it('lets callers override values without touching process.env', () => {
    assert.equal(loadConfig({ PORT: '1' }, { port: 2 }).port, 2)
  })

  it('maps keys to SCREAMING_SNAKE_CASE variables', () => {
    assert.equal(envName('slowCallMs'), 'SLOW_CALL_MS')
    assert.equal(envName('port'), 'PORT')
  })
})
