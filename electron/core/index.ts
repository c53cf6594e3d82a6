import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { SessionStore } from './auth/sessions'
import { LoginThrottle } from './auth/throttle'
import { DEFAULT_KDF, type KdfParams } from './auth/kdf'
import type { CoreServices } from './context'
import { openDatabase } from './db/connection'
import { migrateToLatest, type MigrationResult } from './db/migrate'
import { trackDeskActivity } from './desk-activity'
import { createDispatch, type Dispatch } from './dispatch'
import { newId } from './ids'
import { connectionOptions, type MailOptions } from './mail/runtime'
import { memorySecrets, type SecretsPort } from './mail/secrets'
import { OutboxWorker } from './mail/worker'
import { readLocalStoreId } from './stores/repo'
import { HybridLogicalClock } from './sync/hlc'
import { keepStoreDays } from './visits/day-start'

export interface CoreOptions {
  /** Folder that holds the database and its backups (Electron: the user data folder). */
  dataDir: string
  /** The wall clock; tests pass a fixed or stepping one. */
  now?: () => Date
  kdf?: KdfParams
  log?: (message: string) => void
  /** The platform's secret storage (Electron: safeStorage); by default one held in memory only. */
  secrets?: SecretsPort
  mail?: MailOptions
}

export interface Core {
  dispatch: Dispatch
  services: CoreServices
  migration: MigrationResult
  close(): Promise<void>
}

export const DATABASE_FILE = 'backroom.sqlite'

/** This install's id in HLC timestamps: made once, kept in the database. */
async function nodeId(services: Pick<CoreServices, 'db'>): Promise<string> {
  const row = await services.db('meta').where({ key: 'node_id' }).first()
  if (row) return String(row.value)
  const id = newId()
  await services.db('meta').insert({ key: 'node_id', value: id })
  return id
}

/** Opens (and migrates) the store's database and returns the command dispatch over it. */
export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true })
  const now = options.now ?? (() => new Date())
  const db = openDatabase(join(options.dataDir, DATABASE_FILE))
  const migration = await migrateToLatest(db, options.dataDir, now())
  let storeId = await readLocalStoreId(db)
  const node = await nodeId({ db })
  const latest = await db('change_log').max<{ hlc: string | null }>({ hlc: 'hlc' }).first()
  const secrets = options.secrets ?? memorySecrets()
  const log = options.log ?? ((message: string) => console.error(message))
  // The outbox worker reads through a connection of its own (what is due, each message's bytes),
  // so a drain does not queue behind the desk's commands nor they behind it; its few writes
  // (batched) share the commands' connection, the only one that ever writes.
  const outboxReads = openDatabase(join(options.dataDir, DATABASE_FILE))
  let desk: ReturnType<typeof trackDeskActivity> | undefined
  const outbox = new OutboxWorker({
    db,
    readDb: outboxReads,
    now,
    log,
    storeId: () => storeId,
    secrets,
    deskQuiet: (maxWaitMs) => desk?.quiet(maxWaitMs) ?? Promise.resolve(),
    backoff: options.mail?.backoff,
    concurrency: options.mail?.concurrency,
    onMessageFailed: options.mail?.onMessageFailed,
    connection: connectionOptions(options.mail),
  })
  const services: CoreServices = {
    db,
    dataDir: options.dataDir,
    now,
    hlc: new HybridLogicalClock(node, () => now().getTime(), latest?.hlc),
    kdf: options.kdf ?? DEFAULT_KDF,
    throttle: new LoginThrottle(() => now().getTime()),
    sessions: new SessionStore(),
    log,
    localStoreId: () => storeId,
    setLocalStoreId: (id) => {
      storeId = id
    },
    mail: { secrets, connection: connectionOptions(options.mail), wake: () => outbox.wake() },
  }
  desk = trackDeskActivity(createDispatch(services))
  // Messages a previous run left queued (or mid-send) go out from the start.
  await outbox.start()
  // Visits left open by a night with the app closed are checked out before the first command.
  const stopStoreDays = await keepStoreDays(services)
  const close = async () => {
    stopStoreDays()
    await outbox.stop()
    await outboxReads.destroy()
    await db.destroy()
  }
  return { dispatch: desk.dispatch, services, migration, close }
}
