import type { Knex } from 'knex'
import type { LogEntry } from '../db/changelog'
import { isMergePointer } from '../customers/merge/family'
import { valueOf } from './entry'
import { specOf } from './spec'

/** Tables whose entries are about a customer by the customer's own id. */
export const CUSTOMER_ROW_TABLES = ['customers', 'customer_photos', 'customer_stores', 'customer_staff']

/**
 * Each entry's customer (by entry id), where the entry is about one: what an erase of that
 * customer drops (or, for a receipt, strips of free text) wherever the entry is, applied,
 * arriving or waiting in the inbox.
 */
export async function customersOf(db: Knex, entries: readonly LogEntry[]): Promise<Map<string, string>> {
  const customerOf = new Map<string, string>()
  const via: { entry: LogEntry; table: string; id: string }[] = []
  for (const entry of entries) {
    if (entry.op === 'erase') continue
    // A merge's pointer applies even to an erased customer: it says where their receipts belong (customers/merge).
    if (isMergePointer(entry)) continue
    const spec = specOf(entry.table_name)
    if (CUSTOMER_ROW_TABLES.includes(entry.table_name)) customerOf.set(entry.id, entry.row_id)
    else if (spec.kind === 'append' && (spec.customerColumn || entry.table_name === 'receipts')) {
      // A receipt is the store's, not personal history (it has no customerColumn), but names its buyer.
      const id = valueOf(entry)?.[spec.customerColumn ?? 'customer_id']
      if (typeof id === 'string') customerOf.set(entry.id, id)
    } else if (spec.kind === 'append' && spec.customerVia) {
      const id = valueOf(entry)?.[spec.customerVia.column]
      if (typeof id === 'string') via.push({ entry, table: spec.customerVia.table, id })
    }
  }
  // The row it hangs on may be among these entries (a receipt and its email request in one batch), not written yet.
  const arriving = new Map<string, unknown>()
  for (const entry of entries) if (entry.op === 'append' && via.some((v) => v.table === entry.table_name)) arriving.set(`${entry.table_name}:${entry.row_id}`, valueOf(entry)?.customer_id)
  for (const { entry, table, id } of via) {
    const customer = arriving.get(`${table}:${id}`) ?? (await db(table).where({ id }).first('customer_id'))?.customer_id
    if (typeof customer === 'string') customerOf.set(entry.id, customer)
  }
  return customerOf
}
