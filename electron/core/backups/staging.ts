import { createHash } from 'node:crypto'
import { copyFile, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ParsedInput } from '../../contract'
import type { BackupPreview } from '../../contract/backups'
import type { CommandContext } from '../context'
import { AppError, fieldError, notFound } from '../errors'
import { newId } from '../ids'
import { decryptFile, NotReadable, WrongPassphrase } from './encryption'
import { errorCode } from './failures'
import { findStoredBackup, removeDatabaseFile } from './folder'
import { lookBeforeCopying, notABackup, requireBackroomDatabase } from './incoming'
import { requireAppSchema } from './app-schema'
import { linkOfCopy, type LinkRow } from './carry-link'
import { bringToThisLayout } from './layout'
import { checkIntegrity, fileFacts, MANIFEST_TABLE, type DatabaseFacts } from './manifest'
import { requireSomeoneWhoMayRestore } from './restorable-users'
import { withSqliteFile } from './sqlite-file'

/**
 * Before a backup can replace the store's data it is looked at where it lies (incoming.ts: a
 * Backroom database or encrypted backup, whole, of a version this one knows, with room for it),
 * then copied into the data folder (decrypted if it is encrypted) as `.restore-<id>.sqlite` and
 * checked there: it must pass `integrity_check`, hold no schema object its migrations do not
 * make (app-schema.ts), hold an active user who may back up and restore (restorable-users.ts),
 * and be brought to this version's layout (layout.ts). The checked copy is kept for the restore
 * that usually follows the preview, and removed after it (or at the next start, if the app
 * stopped in between). A file refused where it lies leaves the copy of the last preview as it is.
 */
const STAGED_PREFIX = '.restore-'

export interface Staged {
  file: string
  facts: DatabaseFacts
  /** What the preview says but whether the copy's hub link is kept, which depends on this PC then (carry-link.ts hubLinkPreview). */
  preview: Omit<BackupPreview, 'hubLink'>
  /** The copy's hub link (host, port, database, role), for that preview; never sent as it is. */
  link: LinkRow | null
}

type SourceInput = ParsedInput<'backups:inspect'>

/** The file a source names: a backup of the folder, or the file this session picked. */
function sourcePath(ctx: CommandContext, input: SourceInput): string {
  if (input.source === 'backups-folder') {
    const backup = findStoredBackup(ctx.dataDir, input.name)
    if (!backup) throw notFound('That backup')
    return backup.file
  }
  const picked = ctx.backups.picked.get(ctx.sessionKey)
  if (!picked || picked.id !== input.name) throw new AppError('NOT_FOUND', 'Choose the backup file again')
  return picked.path
}

async function bringIn(path: string, file: string, encrypted: boolean, passphrase: string): Promise<void> {
  if (!encrypted) return copyFile(path, file)
  try {
    await decryptFile(path, file, passphrase)
  } catch (error) {
    if (error instanceof WrongPassphrase) throw fieldError('passphrase', 'That passphrase does not open this backup')
    if (error instanceof NotReadable) throw notABackup(': it was changed or is incomplete')
    throw error
  }
}

/** When the copy says it was taken; a file without that (a plain copy of a database) has none. */
async function takenAtOf(file: string): Promise<string | null> {
  return withSqliteFile(file, { readOnly: true }, async (copy) => {
    const has = await copy.get(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${MANIFEST_TABLE}'`)
    if (!has) return null
    return (await copy.get<{ value: string }>(`SELECT value FROM ${MANIFEST_TABLE} WHERE key = 'taken_at'`))?.value ?? null
  })
}

async function check(file: string): Promise<DatabaseFacts> {
  let facts: DatabaseFacts
  try {
    facts = await withSqliteFile(file, { readOnly: true }, async (copy) => {
      await checkIntegrity(copy)
      return fileFacts(copy)
    })
  } catch (error) {
    if (errorCode(error) === 'SQLITE_NOTADB' || errorCode(error) === 'SQLITE_CORRUPT') throw notABackup(', or it is damaged')
    throw error
  }
  // Again: what was decrypted is only known now, and a copy is what gets restored.
  requireBackroomDatabase({ tables: Object.keys(facts.counts), migrations: facts.migrations, storeId: facts.storeId })
  await withSqliteFile(file, { readOnly: true }, async (copy) => {
    await requireAppSchema(copy, facts.migrations)
    await requireSomeoneWhoMayRestore(copy)
  })
  return facts
}

function keyOf(input: SourceInput): string {
  return `${input.source}\n${input.name}\n${createHash('sha256').update(input.passphrase).digest('hex')}`
}

/** Copies, decrypts and checks the backup once per source; a second call for the same one reuses it. */
export async function stage(ctx: CommandContext, input: SourceInput): Promise<Staged> {
  const key = keyOf(input)
  const kept = ctx.backups.staged
  if (kept?.key === key) return kept.staged
  const path = sourcePath(ctx, input)
  const { encrypted } = await lookBeforeCopying(path, ctx.dataDir)
  if (encrypted && !input.passphrase) throw fieldError('passphrase', 'This backup is encrypted: enter its passphrase')
  await dropStaged(ctx)
  const file = join(ctx.dataDir, `${STAGED_PREFIX}${newId()}.sqlite`)
  try {
    await bringIn(path, file, encrypted, input.passphrase)
    const facts = await check(file)
    await bringToThisLayout(file, ctx.dataDir, ctx.now())
    const preview: Staged['preview'] = {
      takenAt: (await takenAtOf(file)) ?? (await stat(path)).mtime.toISOString(),
      storeName: facts.storeName,
      customers: facts.customers,
      receipts: facts.receipts,
      bytes: (await stat(path)).size,
      encrypted,
    }
    const staged = { file, facts, preview, link: await linkOfCopy(file) }
    ctx.backups.staged = { key, file, staged }
    return staged
  } catch (error) {
    removeDatabaseFile(file)
    throw error
  }
}

export async function dropStaged(ctx: Pick<CommandContext, 'backups'>): Promise<void> {
  const kept = ctx.backups.staged
  ctx.backups.staged = null
  if (kept) removeDatabaseFile(kept.file)
}

/** What a stop in the middle of a restore leaves in the data folder, removed at start. */
export async function removeStagedLeftovers(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (name.startsWith(STAGED_PREFIX)) await rm(join(dataDir, name), { force: true })
  }
}
