import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ParsedInput } from '../../contract'
import { transact, type CommandContext, type CoreServices } from '../context'
import { eraseCustomer } from '../customers/erasure/command'
import { leaveNoTrace } from '../db/free-space'
import { openDatabase } from '../db/connection'
import { AppError } from '../errors'
import { newId } from '../ids'
import { HybridLogicalClock } from '../sync/hlc'
import { countUsers } from '../users/repo'
import { backUp, pruneBackups } from './automatic'
import { belongsTo, requireConfirmedStore } from './belongs-to'
import { NotReadable, readEncryptedHeader } from './encryption'
import { carryHubLink, currentHubLink, hubLinkPreview } from './carry-link'
import { unreadable } from './incoming'
import { errorCode, isDiskFull, isNotWritable } from './failures'
import { carrySentEntries } from './carry-sent'
import { backupFolder } from './folder'
import { MANIFEST_TABLE, readFacts } from './manifest'
import { rawAll, replaceLiveDatabase, type RawConnection } from './online-copy'
import { matchLivePageSize } from './page-size'
import { withSqliteFile } from './sqlite-file'
import { asBackupError, toEntry } from './service'
import { dropStaged, stage, type Staged } from './staging'

/**
 * Restore is open before setup (on a new PC nobody exists yet to sign in, and whoever may set
 * the store up may as well restore it); once the store is set up it needs manage_backups.
 */
async function requireRestoreRight(ctx: CommandContext): Promise<void> {
  if (ctx.localStoreId() === null && (await countUsers(ctx.db)) === 0) return
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Please sign in first')
  if (!ctx.user.permissions.includes('manage_backups')) throw new AppError('FORBIDDEN', 'You do not have permission to do this')
}

function backupFolderIfUsable(dataDir: string): string | undefined {
  try {
    return backupFolder(dataDir)
  } catch {
    return undefined
  }
}

export async function pickFile(ctx: CommandContext) {
  await requireRestoreRight(ctx)
  const path = await ctx.dialogs.chooseOpenFile({
    title: 'Choose a Backroom backup',
    filters: [{ name: 'Backroom backups', extensions: ['backroom', 'sqlite'] }],
    // Opened where the backups are, or nowhere in particular when that folder cannot be used:
    // a copy on a USB stick must still be restorable then, when it is most needed.
    defaultFolder: backupFolderIfUsable(ctx.dataDir),
  })
  if (!path) return { file: null }
  // Outside the backups' turn, and safe there: it only reads the first bytes of a file the user
  // chose, to know whether to ask for a passphrase; staging reads it again, in its turn.
  let encrypted: boolean
  try {
    encrypted = (await readEncryptedHeader(path)) !== null
  } catch (error) {
    // Gone since the dialog, a folder, not allowed: it could not be read (it was "could not be written").
    if (!(error instanceof NotReadable)) throw unreadable(error)
    encrypted = true
  }
  let bytes: number
  try {
    bytes = (await stat(path)).size
  } catch (error) {
    throw unreadable(error)
  }
  const id = newId()
  ctx.backups.picked.set(ctx.sessionKey, { id, path })
  return { file: { id, fileName: basename(path), bytes, encrypted } }
}

async function currentData(ctx: CommandContext) {
  if (ctx.localStoreId() === null) return null
  const facts = await readFacts(async <T>(sql: string) => (await ctx.db.raw(sql)) as T[])
  return { storeName: facts.storeName, customers: facts.customers, receipts: facts.receipts }
}

/**
 * Prepares the backup's copy as one of the backup operations that run one at a time: reading a
 * backup while an erase rewrites it, or keeping a copy an erase has just dropped (with the
 * erased customer in it), or dropping the copy a restore is swapping in, were all possible
 * while it ran beside them (found by the audit).
 */
export async function inspect(ctx: CommandContext, input: ParsedInput<'backups:inspect'>) {
  await requireRestoreRight(ctx)
  const staged = await ctx.backups.exclusive(() => stage(ctx, input))
  return { backup: await previewOf(ctx, staged), current: await currentData(ctx), belongsTo: await belongsTo(ctx, staged) }
}

/** The staged copy's preview with what its hub link becomes on this PC as it is now. */
async function previewOf(ctx: CommandContext, staged: Staged) {
  return { ...staged.preview, hubLink: await hubLinkPreview(ctx, staged.link, { id: staged.facts.storeId, name: staged.facts.storeName }) }
}

async function erasedIds(all: (sql: string) => Promise<{ id: string }[]>): Promise<string[]> {
  return (await all('SELECT id FROM customers WHERE erased_at IS NOT NULL')).map((row) => row.id)
}

/**
 * Readies the checked copy (brought to this version's schema while it was staged, layout.ts) to
 * become the store's database: given a new sync node id (so it cannot replay its old history as
 * new), its manifest table dropped, the store's current hub link (or its absence) put in place
 * of the copy's (carry-link.ts), what this store had sent to its hub and the copy lacks carried
 * into it (carry-sent.ts), and every customer erased in the current database erased in it too,
 * with the same erase the app uses: an erasure is never undone by a restore.
 */
async function prepare(services: CoreServices, staged: Staged, toErase: string[], done: Set<string>, first: boolean): Promise<void> {
  const copy = openDatabase(staged.file)
  try {
    if (first) {
      await copy.schema.dropTableIfExists(MANIFEST_TABLE)
      await copy('meta').insert({ key: 'node_id', value: newId() }).onConflict('key').merge()
    }
    const node = (await copy('meta').where({ key: 'node_id' }).first()).value as string
    const latest = await copy('change_log').max<{ hlc: string | null }>({ hlc: 'hlc' }).first()
    const storeId = staged.facts.storeId
    const ctx: CommandContext = {
      ...services,
      db: copy,
      // As at start: after the largest timestamp the copy holds, so its log stays in order.
      hlc: new HybridLogicalClock(node, () => services.now().getTime(), latest?.hlc),
      localStoreId: () => storeId,
      sessionKey: 'restore',
      user: null,
    }
    if (first) {
      await carryHubLink(services.localStoreId() === storeId ? await currentHubLink(services.db) : null, copy)
      await carrySentEntries(services, ctx, storeId!)
    }
    let erased = 0
    for (const id of toErase) {
      const row = await copy('customers').where({ id }).first('erased_at')
      if (row && !row.erased_at) {
        await transact(ctx, storeId!, (w) => eraseCustomer(w, id))
        erased += 1
      }
      done.add(id)
    }
    // As after an erase in the app: no freed page, index segment or WAL keeps their bytes.
    if (erased) await leaveNoTrace(copy)
  } finally {
    await copy.destroy()
  }
}

const OUTBOX_STATE = ['state', 'attempts', 'next_attempt_at', 'last_attempt_at', 'last_error', 'sent_at', 'server_response'] as const

/**
 * The outbox is this PC's own record of what went out: a message the backup holds as queued may
 * have been sent since, and must not be sent again. Each message the copy shares with the
 * current data takes its current state (run with the connection held, so nothing moves on).
 */
async function carryOutboxState(connection: RawConnection, file: string): Promise<void> {
  const rows = await rawAll<Record<string, unknown>>(connection, `SELECT id, ${OUTBOX_STATE.join(', ')} FROM mail_outbox`)
  if (!rows.length) return
  await withSqliteFile(file, {}, async (copy) => {
    if (!(await copy.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mail_outbox'"))) return
    await copy.exec('BEGIN')
    const set = OUTBOX_STATE.map((column) => `${column} = ?`).join(', ')
    for (const row of rows) await copy.run(`UPDATE mail_outbox SET ${set} WHERE id = ?`, [...OUTBOX_STATE.map((c) => row[c]), row.id])
    await copy.exec('COMMIT')
  })
}

/**
 * Replaces the live database with the prepared copy in one transaction. Erasures made while the
 * copy was prepared are caught at the swap itself (the connection is held, so none can slip in
 * between): the copy is prepared again for them and the swap retried. The outbox's states are
 * carried over at the same moment.
 */
async function swapIn(services: CoreServices, staged: Staged): Promise<void> {
  const done = new Set<string>()
  let first = true
  await matchLivePageSize(services.db, staged.file)
  for (;;) {
    const pending = (await erasedIds((sql) => services.db.raw(sql))).filter((id) => !done.has(id))
    await prepare(services, staged, pending, done, first)
    first = false
    const swapped = await replaceLiveDatabase(services.db, staged.file, async (connection) => {
      if (!(await erasedIds((sql) => rawAll(connection, sql))).every((id) => done.has(id))) return false
      await carryOutboxState(connection, staged.file)
      return true
    })
    if (swapped) return
  }
}

/** A full or read-only disk is told as such by the dispatcher; anything else as a failed restore, not as INTERNAL. */
function restoreFailure(error: unknown): unknown {
  if (error instanceof AppError || isDiskFull(error) || isNotWritable(error)) return error
  const code = errorCode(error)
  return new AppError('BACKUP_FAILED', `The backup could not be restored${code ? ` (${code})` : ''}. Try again; if it fails again, the backup file may be damaged.`)
}

/**
 * Restores a backup: checks it (see staging.ts) and whose it is (another store's only when the
 * owner confirmed it, belongs-to.ts), takes a verified safety backup of the current
 * data (nothing is restored if that fails), swaps the prepared copy in atomically, then starts
 * the core afresh on it: its store, a new clock, and everyone signed out (the users and their
 * passwords are now the backup's).
 */
export async function restore(ctx: CommandContext, input: ParsedInput<'backups:restore'>) {
  await requireRestoreRight(ctx)
  // Checked first: a backup that is refused (another store's, unconfirmed, too) takes no safety backup.
  const checked = await ctx.backups.exclusive(() => stage(ctx, input))
  await requireConfirmedStore(ctx, checked, input.makeThisPcTheBackupStore)
  let safetyBackup = null
  if (ctx.localStoreId() !== null) {
    try {
      // Its prune leaves the backup being restored: it is copied again should the check's copy be gone by the swap.
      safetyBackup = toEntry(await backUp(ctx, 'before-restore', input.source === 'backups-folder' ? input.name : undefined))
    } catch (error) {
      const cause = asBackupError(error)
      throw new AppError(cause.code, `Nothing was restored: the safety backup of the current data failed. ${cause.message}`)
    }
  }
  let restored: Awaited<ReturnType<typeof previewOf>>
  try {
    restored = await ctx.backups.exclusive(async () => {
      try {
        // The copy checked above, or, when an operation between took it (an erase drops it, an
        // inspect of another backup replaces it), the backup prepared again.
        const ready = await stage(ctx, input)
        if (ready !== checked) await requireConfirmedStore(ctx, ready, input.makeThisPcTheBackupStore)
        // Before the swap: whether the link is kept is told by the link this PC has now.
        const preview = await previewOf(ctx, ready)
        await swapIn(ctx, ready)
        return preview
      } finally {
        // Prepared (or half-prepared), the copy is no longer the backup as checked: never kept, never reused.
        await dropStaged(ctx)
      }
    })
  } catch (error) {
    throw restoreFailure(error)
  }
  await ctx.afterRestore()
  await ctx.backups.exclusive(() => pruneBackups(ctx))
  return { restored, safetyBackup }
}
