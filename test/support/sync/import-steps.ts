import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Envelope } from '../../../electron/contract'
import type { SyncStore } from './cluster'

/**
 * The convergence schedule's customer import (steps.ts runs it): a small spreadsheet of two or
 * three new customers, most with an opening balance and some flagged, imported all or nothing
 * through the commands the Import screen sends (pick the file, check it, commit), sometimes
 * with a row that has the email of a customer another store made (a likely duplicate), kept or
 * left out. Imported customers must sync as any other, with their balances and flags: their
 * markers go into `markers`, so erasing one must clear it everywhere.
 * The file is written outside the store's folder (the erase check reads every file there).
 */
export const IMPORT_COMMANDS = ['importCustomers'] as const

export interface ImportStep {
  pick: number
  text: number
  flag: boolean
}

const FIRST_NAMES = ['Ines', 'Jonas', 'Kai', 'Lena', 'Milo', 'Nora', 'Omar', 'Pia']

/** Polls until the import's background work stops. */
async function settled(store: SyncStore, id: string) {
  for (let i = 0; i < 2000; i++) {
    const status = await store.call('imports:status', { id })
    if (!status.ok) return status
    if (status.data.phase !== 'checking' && status.data.phase !== 'saving') return status
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error('the import did not settle')
}

/**
 * What the old system knew of a row's points and flag: an opening balance in most rows, a flag in
 * some (its reason names the marker, so an erase of the customer must clear it everywhere).
 */
function history(n: number, marker: string): string[] {
  const points = n % 3 === 0 ? '' : String((n * 37) % 500)
  return n % 4 === 1 ? [points, 'yes', `Flagged at import ${marker}`] : [points, '', '']
}

export async function importCommand(store: SyncStore, step: ImportStep, markers: Map<string, string>, serial: () => number): Promise<Envelope<unknown> | undefined> {
  const { pick, text, flag } = step
  const db = store.core.services.db
  const storeId = store.core.services.localStoreId()!
  const rows: string[][] = []
  const made: string[] = []
  for (let i = 0; i < 2 + (pick % 2); i++) {
    const marker = `Qz${store.name}i${serial()}`
    made.push(marker)
    rows.push([FIRST_NAMES[(text + i) % FIRST_NAMES.length], marker, `${marker.toLowerCase()}@example.org`, `Imported ${marker}`, ...history(pick + i, marker)])
  }
  // A likely duplicate: the email of a customer another store made.
  const foreign = await db('customers').whereNot({ store_id: storeId }).whereNull('erased_at').whereNotNull('email').whereNot({ email: '' }).orderBy('id').select('first_name', 'email')
  const twin = foreign.length ? foreign[pick % foreign.length] : undefined
  if (twin && pick % 3 !== 0) {
    const marker = `Qz${store.name}i${serial()}`
    made.push(marker)
    rows.push([twin.first_name, marker, twin.email, `Imported ${marker}`, ...history(pick + text, marker)])
  }
  const folder = mkdtempSync(join(tmpdir(), 'backroom-sync-import-'))
  const file = join(folder, 'customers.csv')
  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`
  writeFileSync(file, [['First Name', 'Last Name', 'Email', 'Notes', 'Points', 'Flagged', 'Flag reason'], ...rows].map((r) => r.map(quote).join(',')).join('\r\n'))
  const dialogs = store.core.services.dialogs
  store.core.services.dialogs = { chooseOpenFile: async () => file, chooseSaveFile: async () => null, chooseFolder: async () => null }
  try {
    const picked = await store.call('imports:pickFile', {})
    if (!picked.ok || !picked.data.file) return picked
    const { id, mapping } = picked.data.file
    const checking = await store.call('imports:check', { id, mapping, dateOrder: 'auto' })
    if (!checking.ok) return checking
    const checked = await settled(store, id)
    if (!checked.ok || checked.data.phase !== 'checked') return checked
    const committing = await store.call('imports:commit', { id, leaveOutDuplicates: flag })
    if (!committing.ok) return committing
    const saved = await settled(store, id)
    if (saved.ok && saved.data.phase === 'saved') {
      for (const row of await db('customers').whereIn('last_name', made).select('id', 'last_name')) markers.set(row.id, row.last_name)
    }
    return saved
  } finally {
    store.core.services.dialogs = dialogs
    rmSync(folder, { recursive: true, force: true })
  }
}
