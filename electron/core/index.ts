import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { SessionStore } from './auth/sessions'
import { LoginThrottle } from './auth/throttle'
import { loadThrottleEntries, throttleTable } from './auth/throttle-table'
import { DEFAULT_KDF, type KdfParams } from './auth/kdf'
import { backUpIfDue } from './backups/automatic'
import { copyBackupAway } from './backups/copy-away'
import type { CopyLimits, FolderFs } from './backups/copy-fs'
import { findStoredBackup, removeLeftovers } from './backups/folder'
import { closeImports } from './customers/import/service'
import { closeReceiptImports } from './sales/import/service'
import { removeStagedLeftovers } from './backups/staging'
import { retryBackupScrubs } from './db/backup-scrub'
import { BackupsState } from './backups/state'
import type { CoreServices } from './context'
import { ExportJobs, type ExportPacing } from './customers/export/jobs'
import { removeExportLeftovers } from './customers/export/leftovers'
import { openDatabase } from './db/connection'
import { migrateToLatest, type MigrationResult } from './db/migrate'
import { ReadCache } from './db/read-cache'
import { trackDeskActivity } from './desk-activity'
import { createDispatch, type Dispatch } from './dispatch'
import { newId } from './ids'
import type { HubOptions } from './hub/connection'
import { HubWorker } from './hub/worker'
import { connectionOptions, type MailOptions } from './mail/runtime'
import { memorySecrets, type SecretsPort } from './mail/secrets'
import { OutboxWorker } from './mail/worker'
import { noDialogs, type FileDialogs, type Notifier } from './platform'
import { readLocalStoreId } from './stores/repo'
import { HybridLogicalClock } from './sync/hlc'
import { checkpointSettled } from './db/checkpoint-aside'
import { keepStoreDays } from './visits/day-start'
import { forgetOldRequests } from './command-requests'

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
  /** The hub link (sync between the owner's stores): timeouts, backoff, allowed hosts. */
  hub?: HubOptions
  /** The desktop's file dialogs; without them every dialog answers "cancelled". */
  dialogs?: FileDialogs
  /** OS notifications (a backup failed, an email finally failed); without them a notice is only logged. */
  notifier?: Notifier
  /** The daily backup, at start and every half hour while running (on unless false). */
  automaticBackups?: boolean
  /** Tests slow customer exports down (smaller pages, a pause after each) to watch progress and Cancel. */
  exportPacing?: ExportPacing
  /** Tests slow imports down (a pause after each slice of their check and save) to watch progress and Cancel. */
  importSliceDelayMs?: number
  /**
   * Main locks a session left unused for the store's idle time (on unless false). Only tests
   * turn it off: those that move their clock by hours or days while one session goes on.
   */
  idleLock?: boolean
  /**
   * The folder backups are copied to, as reached, and how long each call there may take (2
   * minutes; 5 seconds when choosing it). Tests pass a port that hangs, as a network share does.
   */
  backupCopy?: { fs?: FolderFs; limits?: Partial<CopyLimits> }
}

export interface Core {
  dispatch: Dispatch
  services: CoreServices
  migration: MigrationResult
  /** Settles when the automatic backup check started last has finished. */
  backupCheck(): Promise<void>
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

const DAILY_CHECK_MS = 30 * 60_000

/** Opens (and migrates) the store's database and returns the command dispatch over it. */
export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true })
  // What a stop in the middle of a backup or restore left behind.
  removeLeftovers(options.dataDir)
  await removeStagedLeftovers(options.dataDir)
  // …and the hidden partial file of an export a crash stopped.
  removeExportLeftovers(options.dataDir)
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((message: string) => console.error(message))
  const notifier = options.notifier ?? { notify: (notice) => log(`${notice.title}: ${notice.body}`) }
  const db = openDatabase(join(options.dataDir, DATABASE_FILE))
  const migration = await migrateToLatest(db, options.dataDir, now())
  let storeId = await readLocalStoreId(db)
  await forgetOldRequests(db, now())
  // Seeded from the largest timestamp stored, so a restart never issues one at or below it.
  const openClock = async () => {
    const latest = await db('change_log').max<{ hlc: string | null }>({ hlc: 'hlc' }).first()
    return new HybridLogicalClock(await nodeId({ db }), () => now().getTime(), latest?.hlc)
  }
  const secrets = options.secrets ?? memorySecrets()
  // The outbox worker reads through a connection of its own (what is due; its SMTP thread reads
  // the messages' bytes through one more, read-only), so a drain does not queue behind the desk's
  // commands nor they behind it; its few writes (batched) share the commands' connection, the
  // only one that ever writes.
  const outboxReads = openDatabase(join(options.dataDir, DATABASE_FILE))
  let desk: ReturnType<typeof trackDeskActivity> | undefined
  const outbox = new OutboxWorker({
    db,
    readDb: outboxReads,
    databaseFile: join(options.dataDir, DATABASE_FILE),
    now,
    log,
    storeId: () => storeId,
    secrets,
    deskQuiet: (maxWaitMs) => desk?.quiet(maxWaitMs) ?? Promise.resolve(),
    deskBusy: (withinMs) => desk?.busy(withinMs) ?? false,
    backoff: options.mail?.backoff,
    concurrency: options.mail?.concurrency,
    threadFile: options.mail?.threadFile,
    // A message that will not go out is told to whoever sits at the PC, not only on the Outbox screen.
    onMessageFailed:
      options.mail?.onMessageFailed ??
      ((message) => notifier.notify({ title: 'A receipt email could not be sent', body: `${message.subject}: ${message.error}. See the Outbox.` })),
    connection: connectionOptions(options.mail),
  })
  // The hub worker reads the services when a round runs (they are made just below).
  const hub = new HubWorker(() => services, secrets, options.hub)
  const services: CoreServices = {
    db,
    dataDir: options.dataDir,
    now,
    hlc: await openClock(),
    kdf: options.kdf ?? DEFAULT_KDF,
    // Failures survive a restart: otherwise closing and opening the app would clear them.
    throttle: new LoginThrottle(() => now().getTime(), {
      entries: await loadThrottleEntries(db, now().getTime()),
      store: throttleTable(db),
      log,
    }),
    sessions: new SessionStore(() => now().getTime(), options.idleLock !== false),
    readCache: new ReadCache(),
    log,
    localStoreId: () => storeId,
    setLocalStoreId: (id) => {
      storeId = id
    },
    mail: { secrets, connection: connectionOptions(options.mail), wake: () => outbox.wake() },
    hub,
    dialogs: options.dialogs ?? noDialogs,
    notifier,
    backups: new BackupsState(options.backupCopy),
    exports: new ExportJobs(options.dataDir, log, options.exportPacing),
    importSliceDelayMs: options.importSliceDelayMs ?? 0,
    afterRestore: async () => {
      storeId = await readLocalStoreId(db)
      services.hlc = await openClock()
      services.sessions.signOutAll()
      await closeImports(db)
      await closeReceiptImports(db)
      // The copy's throttle table is as old as the copy: the failures this PC counts stay.
      await services.throttle.rewrite()
      outbox.wake()
      // The link is the one this store had before the restore (backups/carry-link.ts), set to take back
      // the own entries the restored file may miss (hub_link.reclaim_own): the worker starts on it afresh.
      await hub.reset()
      await hub.start()
    },
  }
  desk = trackDeskActivity(createDispatch(services))
  const deskDispatch = desk.dispatch
  // After every command a hub round may be due (the worker checks whether anything was written).
  const dispatch: typeof deskDispatch = async (name, input, sessionKey) => {
    const answer = await deskDispatch(name, input, sessionKey)
    hub.nudge()
    return answer
  }
  // Messages a previous run left queued (or mid-send) go out from the start.
  await outbox.start()
  await hub.start()
  // The backup taken before this start's migrations (before the services existed) is copied to
  // the owner's other folder like any other, in the backups' turn, without holding the start up.
  const beforeMigration = migration.backupFile ? findStoredBackup(options.dataDir, basename(migration.backupFile)) : undefined
  if (beforeMigration) void services.backups.exclusive(() => copyBackupAway(services, beforeMigration))
  // Visits left open by a night with the app closed are checked out before the first command.
  const stopStoreDays = await keepStoreDays(services)
  // A failed automatic backup is reported (list, log, notification) by backUp itself, and so
  // is a backup an erase had to keep and that still cannot be cleaned (db/backup-scrub.ts).
  let check: Promise<void> = Promise.resolve()
  const checkBackups = () => {
    check = backUpIfDue(services)
      .catch(() => {})
      .then(() => retryBackupScrubs(services))
      .then(
        () => {},
        () => {},
      )
  }
  let timer: ReturnType<typeof setInterval> | undefined
  if (options.automaticBackups !== false) {
    checkBackups()
    timer = setInterval(checkBackups, DAILY_CHECK_MS)
    timer.unref()
  }
  return {
    dispatch,
    services,
    migration,
    backupCheck: () => check,
    async close() {
      stopStoreDays()
      clearInterval(timer)
      await check
      await services.backups.idle()
      await services.exports.cancelAll()
      await outbox.stop()
      await hub.stop()
      await checkpointSettled(db)
      await outboxReads.destroy()
      await db.destroy()
    },
  }
}
