// A PostgreSQL server for the database suites: TEST_DATABASE_URL (or DATABASE_URL) when set,
// otherwise a throwaway server from this machine's binaries, started once per test run and
// shared by every test file of that run; each test then gets a schema of its own.
import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'

export type PostgresServer = { url: string } | { unavailable: string }

/**
 * `node --test` runs each test file in a child process of one runner: the runner's pid names the
 * shared server. Run without the runner, the file's own process is the run.
 */
const runPid = process.env.NODE_TEST_CONTEXT !== undefined ? process.ppid : process.pid
const stateDir = join(tmpdir(), `baseplate-test-postgres-${runPid}`)
const stateFile = join(stateDir, 'state.json')

/** initdb refuses to run as root: the server then runs as the `postgres` system user. */
const asRoot = userInfo().uid === 0
const asServerUser = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]

/** The newest /usr/lib/postgresql/<major>/bin (Debian, Ubuntu), else initdb on the PATH. */
function findBinaries (): string | undefined {
  const debian = '/usr/lib/postgresql'
  const majors = existsSync(debian) ? readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  const dirs = [...majors.map((v) => join(debian, v, 'bin')), ...(process.env.PATH ?? '').split(delimiter)]
  return dirs.find((dir) => dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
}

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Once the runner is gone: runs `stop` (if any), then deletes the run's state and server files. */
function cleanUpAfterTheRun (stop: string[]): void {
  spawn('bash', ['-c', 'while kill -0 "$0" 2>/dev/null; do sleep 0.5; done; "$@" >/dev/null 2>&1; rm -rf "$STATE_DIR"', String(runPid), ...stop],
    { detached: true, stdio: 'ignore', env: { ...process.env, STATE_DIR: stateDir } }).unref()
}

/** Starts the run's server, to be stopped (and its files deleted) once the run is over. */
async function startServer (): Promise<PostgresServer> {
  const bin = findBinaries()
  const home = join(stateDir, 'pg')
  const data = join(home, 'data')
  cleanUpAfterTheRun(bin === undefined ? [] : asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).flat())
  if (bin === undefined) return { unavailable: 'no PostgreSQL binaries found (initdb, pg_ctl)' }
  const run = (tool: string, args: string[]): void => {
    const [cmd, argv] = asServerUser(join(bin, tool), args)
    execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 })
  }
  try {
    mkdirSync(home)
    if (asRoot) chownSync(home, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' })), 0)
    // Throwaway and for tests only: trust on loopback, no durability to pay for; C collation
    // orders text bytewise, like SQLite.
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
    const port = await freePort()
    const options = `-p ${port} -k ${home} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    run('pg_ctl', ['-D', data, '-l', join(home, 'server.log'), '-w', '-t', '60', '-o', options, 'start'])
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres` }
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0] || (error as Error).message
    return { unavailable: `could not start a server from ${bin}: ${detail}` }
  }
}

let server: Promise<PostgresServer> | undefined
let owner = false

/**
 * The server for this run. The first test file to ask starts it (a directory created exclusively
 * is the lock) and writes its URL, or why there is none, to a state file the others read.
 */
export function postgresServer (): Promise<PostgresServer> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (url !== undefined && url !== '') return Promise.resolve({ url })
  server ??= (async () => {
    try {
      mkdirSync(stateDir)
    } catch {
      for (let waited = 0; !existsSync(stateFile); waited += 50) {
        if (waited > 90_000) return { unavailable: `timed out waiting for ${stateFile}` }
        await sleep(50)
      }
      return JSON.parse(readFileSync(stateFile, 'utf8')) as PostgresServer
    }
    owner = true
    const started = await startServer()
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(started))
    renameSync(`${stateFile}.tmp`, stateFile)
    return started
  })()
  return server
}

/** True in the one process of the run that started (or failed to start) the shared server. */
export const startedTheServer = (): boolean => owner

async function admin (serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

let schemas = 0

/**
 * A fresh, empty schema for one test, and the URL whose connections see only it (search_path).
 * A schema rather than a database: CREATE DATABASE costs ~200 ms, CREATE SCHEMA ~1 ms.
 */
export async function createTestSchema (serverUrl: string): Promise<{ url: string, drop: () => Promise<void> }> {
  const name = `baseplate_test_${process.pid}_${++schemas}`
  await admin(serverUrl, `CREATE SCHEMA ${name}`)
  const url = new URL(serverUrl)
  url.searchParams.set('options', `-c search_path=${name}`)
  return { url: url.href, drop: () => admin(serverUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`) }
}
