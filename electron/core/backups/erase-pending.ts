import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileDurably } from './take'

/**
 * Backups an erase could not clean and kept (another program had one open, the file was
 * read-only…), with the customers still to be erased in each, by file name in the backups
 * folder. Kept in the data folder, not in the backups folder (the scrub would take it for a
 * backup), so a restart does not forget them: each is cleaned at the next erase, or when the
 * app tries again (db/backup-scrub.ts retryBackupScrubs). Customer ids only: no personal data.
 */
const PENDING_FILE = 'backups-erase-pending.json'

export type PendingErasures = Map<string, Set<string>>

const pathOf = (dataDir: string) => join(dataDir, PENDING_FILE)

export function readPendingErasures(dataDir: string, log: (message: string) => void): PendingErasures {
  const pending: PendingErasures = new Map()
  if (!existsSync(pathOf(dataDir))) return pending
  try {
    const saved = JSON.parse(readFileSync(pathOf(dataDir), 'utf8')) as { backups?: Record<string, unknown> }
    for (const [name, ids] of Object.entries(saved.backups ?? {})) {
      if (Array.isArray(ids)) pending.set(name, new Set(ids.filter((id): id is string => typeof id === 'string')))
    }
  } catch {
    // Written whole and renamed into place, so this is a file changed by hand: nothing to go by.
    log('erase: the list of backups still to clean could not be read; it starts afresh')
  }
  return pending
}

export function savePendingErasures(dataDir: string, pending: PendingErasures): void {
  const kept = [...pending].filter(([, ids]) => ids.size > 0)
  if (kept.length === 0) {
    rmSync(pathOf(dataDir), { force: true })
    return
  }
  const backups = Object.fromEntries(kept.map(([name, ids]) => [name, [...ids].sort()]))
  writeFileDurably(pathOf(dataDir), JSON.stringify({ format: 1, backups }, null, 2))
}
