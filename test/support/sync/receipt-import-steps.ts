import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Envelope } from '../../../electron/contract'
import type { SyncStore } from './cluster'

/**
 * The convergence schedule's receipt import (steps.ts runs it): a register's file of one to three
 * receipts, for a customer the store knows by email (maybe one another store made, or merged
 * away or erased there meanwhile) or a walk-in, imported through the commands the Import
 * receipts screen sends, with points by the store's rule or without. Sometimes the store's last
 * file again: every receipt already imported, nothing added. Imported receipts and their points
 * must sync as a desk sale's do. The file is written outside the store's folder.
 */
export const RECEIPT_IMPORT_COMMANDS = ['importReceipts'] as const

export interface ReceiptImportStep {
  pick: number
  text: number
  flag: boolean
}

const HEADER = 'Receipt number,Date,Customer,Item,Quantity,Unit price,Tax rate (%),Payment method,Payment amount'
const ITEMS = ['Tea', 'Mug', 'Notebook', 'Pen']
/** Each store's last file, to import it once more. */
const lastFile = new WeakMap<SyncStore, string>()

/** The import's status once its background check or save has stopped. */
async function settled(store: SyncStore, id: string) {
  for (let i = 0; i < 2000; i++) {
    const status = await store.call('receiptImports:status', { id })
    if (!status.ok) return status
    if (status.data.phase !== 'checking' && status.data.phase !== 'saving') return status
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error('the receipt import did not settle')
}

export async function importReceiptsCommand(store: SyncStore, step: ReceiptImportStep, serial: () => number): Promise<Envelope<unknown> | undefined> {
  const { pick, text, flag } = step
  let csv = pick % 4 === 0 ? lastFile.get(store) : undefined
  if (!csv) {
    const db = store.core.services.db
    const known: string[] = await db('customers').where({ active: 1 }).whereNull('erased_at').whereNull('merged_into').whereNotNull('email').whereNot({ email: '' }).orderBy('id').pluck('email')
    const rows = [HEADER]
    for (let r = 0; r < 1 + (pick % 3); r++) {
      const number = `IMP-${store.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}${serial()}`
      const customer = known.length && (text + r) % 3 !== 0 ? known[(pick + r) % known.length] : ''
      const date = `2026-06-${String(1 + ((text + r) % 28)).padStart(2, '0')} ${String(9 + r)}:30`
      const item = ITEMS[(text + r) % ITEMS.length]
      // Two lines: an item and its payment on one, a second item on the other, paid in cash with change.
      rows.push(`${number},${date},${customer},${item},2,3.25,,Card,6.50`)
      rows.push(`${number},${date},${customer},Bag,1,0.40,,Cash,1.00`)
    }
    csv = rows.join('\r\n')
  }
  lastFile.set(store, csv)
  const folder = mkdtempSync(join(tmpdir(), 'backroom-sync-receipts-'))
  const file = join(folder, 'register.csv')
  writeFileSync(file, csv)
  const dialogs = store.core.services.dialogs
  store.core.services.dialogs = { chooseOpenFile: async () => file, chooseSaveFile: async () => null, chooseFolder: async () => null }
  try {
    const picked = await store.call('receiptImports:pickFile', {})
    if (!picked.ok || !picked.data.file) return picked
    const id = picked.data.file.id
    const checking = await store.call('receiptImports:check', { id, dateOrder: 'auto', awardPoints: flag })
    if (!checking.ok) return checking
    const checked = await settled(store, id)
    if (!checked.ok || checked.data.phase !== 'checked') return checked
    const saving = await store.call('receiptImports:commit', { id })
    if (!saving.ok) return saving
    return await settled(store, id)
  } finally {
    store.core.services.dialogs = dialogs
    rmSync(folder, { recursive: true, force: true })
  }
}
