import type { Knex } from 'knex'
import type { SessionUser } from '../contract/auth'
import type { KdfParams } from './auth/kdf'
import type { SessionStore } from './auth/sessions'
import type { LoginThrottle } from './auth/throttle'
import type { BackupsState } from './backups/state'
import type { ExportJobs } from './customers/export/jobs'
import { flushEntries, newWriter, type Writer } from './db/changelog'
import { holdForMemoryAnswers } from './auth/cached-user'
import { settleWritten } from './customers/merge/settle'
import type { ReadCache } from './db/read-cache'
import { inTransaction } from './db/transaction'
import { AppError } from './errors'
import type { MailServices } from './mail/runtime'
import type { HubWorker } from './hub/worker'
import type { FileDialogs, Notifier } from './platform'
import type { HybridLogicalClock } from './sync/hlc'

/** The parts of a running core that every handler may use. */
export interface CoreServices {
  db: Knex
  dataDir: string
  now: () => Date
  hlc: HybridLogicalClock
  kdf: KdfParams
  throttle: LoginThrottle
  sessions: SessionStore
  /** The signed-in users and the stores, checked against the database once per command. */
  readCache: ReadCache
  log: (message: string) => void
  /** The store this database belongs to; null until first-run setup. */
  localStoreId: () => string | null
  setLocalStoreId: (id: string) => void
  /** Platform ports: the desktop's file dialogs and OS notifications (in-memory in tests). */
  dialogs: FileDialogs
  notifier: Notifier
  backups: BackupsState
  /** Customer list exports running in the background (customers:exportStart and its progress). */
  exports: ExportJobs
  /** A pause after each slice of an import's check and save: 0 but in tests that watch its progress and Cancel. */
  importSliceDelayMs?: number
  /** After a restore swapped the database: read its store and node id afresh, sign everyone out. */
  afterRestore: () => Promise<void>
  /** The secrets port and the outbox worker's doorbell. */
  mail: MailServices
  /** The hub link's worker (rounds, live status) and its options; credentials go through `mail.secrets`. */
  hub: HubWorker
}

/** One command's view: the services plus who sent it. */
export interface CommandContext extends CoreServices {
  sessionKey: string
  user: SessionUser | null
  /** Set once a transaction of this command has committed: a later failure must not say "nothing was saved". */
  committed?: boolean
}

export function requireStoreId(ctx: CoreServices): string {
  const id = ctx.localStoreId()
  if (!id) throw new AppError('CONFLICT', 'The store has not been set up yet')
  return id
}

/**
 * One transaction per command: the rows and their change-log entries commit together or
 * not at all. Slow work (hashing) belongs before this call, not inside it: there is one
 * connection, and everything else waits while a transaction holds it. A `long` one (an
 * import's save, in the background) lets commands answer from the read cache meanwhile
 * (ReadCache.during): its status polls and its Cancel.
 */
export async function transact<T>(ctx: CommandContext, storeId: string, work: (w: Writer) => Promise<T>, options: { long?: boolean } = {}): Promise<T> {
  const result = await inTransaction(ctx.db, async (trx) => {
    const all = async () => {
      const w = newWriter(trx, { storeId, userId: ctx.user?.id ?? null, at: ctx.now().toISOString(), tick: () => ctx.hlc.tick() })
      const answer = await work(w)
      // Rows this command wrote about a merged customer go to its survivor (customers/merge).
      await settleWritten(trx, await flushEntries(w), w.notMerged)
      return answer
    }
    return options.long ? ctx.readCache.during(trx, all, () => holdForMemoryAnswers(ctx, trx)) : all()
  })
  ctx.committed = true
  return result
}
