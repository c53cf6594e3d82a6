import type { Knex } from 'knex'
import { logErase, type Writer } from '../../db/changelog'
import { eraseCustomer } from '../erasure/command'
import { eraseCustomerRows, tombstoneOf } from '../erasure/rows'
import { settleMerges, type Settled } from './settle'

/**
 * Erase × merge. A survivor and the customers merged into it are one person: when any of them
 * is erased (here, or at another store before or after the merge, in any order), all of them
 * are. Every store reaches that by the same rule, and each store that erases a member this way
 * logs the erase as its own entry, so a store that never saw the merge learns it too. The
 * merge's `merged_into` entries stay in the log through an erase (they hold nothing personal
 * and say where the customer's receipts belong), so the receipts end on the same customer
 * everywhere.
 */
const PERSONAL = ['flag_events', 'loyalty_ledger', 'feedback', 'visits', 'visit_checkouts', 'deals', 'deal_events', 'appointments', 'appointment_events']

async function hasPersonalRows(db: Knex, customerId: string): Promise<boolean> {
  for (const table of PERSONAL) if (await db(table).where({ customer_id: customerId }).first('id')) return true
  return false
}

/** Erases the rest of every family one of whose customers is erased; answers the customers erased now. */
export async function eraseMergedFamilies(w: Writer, settled: Settled): Promise<string[]> {
  const erasedNow: string[] = []
  for (const family of settled.families) {
    const rows: { id: string; erased_at: string | null; store_id: string; customer_number: number; created_at: string }[] = await w
      .trx('customers')
      .select('id', 'erased_at', 'store_id', 'customer_number', 'created_at')
      .whereIn('id', family)
    if (!rows.some((r) => r.erased_at)) continue
    for (const row of rows) {
      if (!row.erased_at) {
        await eraseCustomer(w, row.id)
        erasedNow.push(row.id)
      } else if (await hasPersonalRows(w.trx, row.id)) {
        // Rows moved onto an erased survivor (a sale to the merged customer arrived): they go too,
        // and the erase is logged again naming what this store dropped of units it keeps part of.
        const units = await eraseCustomerRows(w.trx, row.id)
        if (units.length) logErase(w, row.id, { ...tombstoneOf(row, row.erased_at, units) })
        erasedNow.push(row.id)
      }
    }
  }
  return erasedNow
}

/** After an erase of `customerId` here: the customers merged with it are erased too. */
export async function eraseWithFamily(w: Writer, customerId: string): Promise<string[]> {
  return eraseMergedFamilies(w, await settleMerges(w.trx, [customerId]))
}
