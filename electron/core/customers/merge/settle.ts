import type { Knex } from 'knex'
import type { LogEntry } from '../../db/changelog'
import { prepared } from '../../db/prepared'
import { rebuildCaches, rebuildDerived } from '../../sync/caches'
import { derivedColumns, type DerivedFrom } from '../derived'
import { carryEdits } from './edits'
import { rebuildVisitCaches } from '../../visits/caches'
import { chainOf, mergedInto, mergedMap, survivorIn } from './family'

/**
 * The rows about a customer that move to its survivor when it is merged: the store's receipts
 * of it and every piece of its history. Plain writes, never logged: every store makes the
 * same move when it applies the merge's `merged_into` (and again for a row that arrives later
 * naming the merged customer), so the outcome is the same whatever order entries come in.
 */
export const HISTORY_TABLES = [
  'receipts',
  'loyalty_ledger',
  'flag_events',
  'feedback',
  'deals',
  'deal_events',
  'visits',
  'visit_checkouts',
  'appointments',
  'appointment_events',
] as const

export interface Settled {
  /** Survivors whose history or search words changed. */
  survivors: string[]
  /** Customers whose rows moved away: merged ones, and a survivor whose merge lost to another pointer. */
  moved: string[]
  /** Every family looked at: a survivor first, then the customers merged into it. */
  families: string[][]
}

/**
 * Brings merges to their end for the customers named (merged now, edited, or named by a row
 * just written): their rows and those of every customer whose chain passes through them go to
 * their survivor, and the caches of both sides are made again (balance = the sum of both
 * ledgers, flags, visits, deals, appointments, the survivor's search words).
 */
export async function settleMerges(db: Knex, customerIds: Iterable<string>): Promise<Settled> {
  const named = new Set(customerIds)
  if (named.size === 0) return { survivors: [], moved: [], families: [] }
  const map = await mergedMap(db)
  if (map.size === 0) return { survivors: [], moved: [], families: [] }
  const affected = [...map.keys()].filter((id) => chainOf(map, id).some((c) => named.has(c)))
  if (affected.length === 0) return { survivors: [], moved: [], families: [] }
  const survivors = new Set<string>()
  const moved = new Set<string>()
  for (const from of affected) {
    const to = survivorIn(map, from)
    survivors.add(to)
    for (const left of await moveHistory(db, from, to)) moved.add(left)
  }
  // Edits made to a merged customer after its merge (offline elsewhere) are the survivor's.
  const live = new Set<string>(await db('customers').whereIn('id', [...survivors]).whereNull('erased_at').pluck('id'))
  for (const survivor of live) await carryEdits(db, survivor, mergedInto(map, survivor))
  await refreshMergedText(db, map, [...survivors], affected.filter((id) => !survivors.has(id)))
  const all = [...new Set([...survivors, ...moved])]
  await rebuildCaches(db, ['ledger', 'flags'], all)
  await rebuildVisitCaches(db, all)
  return { survivors: [...survivors], moved: [...moved], families: [...survivors].map((s) => [s, ...mergedInto(map, s)]) }
}

/**
 * Puts every row written about `from` on its survivor `to`, wherever an earlier settle left it,
 * and answers the customers that lost rows. A row remembers, in `merged_from` (local), the
 * customer it was written about while it sits elsewhere: one customer merged at two stores into
 * two survivors offline has its rows moved to the first survivor at one store, and when the other
 * pointer wins there (last writer wins), those rows, and only those, go on to the winner, as at
 * the store that never saw the first merge. The survivor's own rows stay with it, and `from`
 * as the end of a cycle takes back what an earlier settle moved away.
 */
async function moveHistory(db: Knex, from: string, to: string): Promise<string[]> {
  const left = new Set<string>()
  for (const table of HISTORY_TABLES) {
    if (to !== from && Number(await db(table).where({ customer_id: from }).whereNull('merged_from').update({ customer_id: to, merged_from: from }))) left.add(from)
    const elsewhere: string[] = await db(table).where({ merged_from: from }).whereNot({ customer_id: to }).distinct().pluck('customer_id')
    if (elsewhere.length === 0) continue
    await db(table).where({ merged_from: from }).whereNot({ customer_id: to }).update({ customer_id: to, merged_from: to === from ? null : from })
    for (const id of elsewhere) left.add(id)
  }
  return [...left]
}

/** A survivor's search words include those of every customer merged into it: an old phone, email or number finds it. */
async function refreshMergedText(db: Knex, map: Map<string, string>, survivors: readonly string[], mergedAway: readonly string[]): Promise<void> {
  const texts = new Map<string, string | null>(mergedAway.map((id) => [id, null]))
  // An erased survivor keeps no one's words (its family is being erased with it: erase-family.ts).
  const erased = new Set<string>(await db('customers').whereIn('id', [...survivors]).whereNotNull('erased_at').pluck('id'))
  for (const survivor of survivors) {
    if (erased.has(survivor)) {
      texts.set(survivor, null)
      continue
    }
    const merged = mergedInto(map, survivor)
    const rows: DerivedFrom[] = merged.length
      ? await db('customers').select('first_name', 'last_name', 'nickname', 'email', 'username', 'phone', 'customer_number').whereIn('id', merged).whereNull('erased_at').orderBy('id')
      : []
    // Each merged customer's own words (not what it carried of others: a cycle would feed itself).
    texts.set(survivor, rows.map((row) => derivedColumns(row).search_text).join(' ') || null)
  }
  const changed: string[] = []
  for (const [id, text] of texts) {
    const current = await db('customers').where({ id }).first('merged_text')
    if (!current || (current.merged_text ?? null) === text) continue
    await db('customers').where({ id }).update({ merged_text: text })
    changed.push(id)
  }
  await rebuildDerived(db, changed)
}

/**
 * What a local command wrote about a merged customer (a sale rung up on a cart opened before
 * the merge, an edit from a form loaded before it) goes to the survivor at once, as every
 * other store will do when it applies those entries. Called by `transact` once the entries
 * are written; costs one indexed look-up when the command names a customer it did not read itself (a sale reads its customer, merged_into too).
 */
export async function settleWritten(db: Knex, entries: readonly LogEntry[], notMerged: ReadonlySet<string> = new Set()): Promise<void> {
  const named = new Set<string>()
  for (const entry of entries) {
    if (entry.table_name === 'customers' && entry.op === 'update') named.add(entry.row_id)
    else if (entry.op === 'append' && entry.value?.includes('"customer_id"')) {
      const id = (JSON.parse(entry.value) as { customer_id?: unknown }).customer_id
      if (typeof id === 'string') named.add(id)
    }
  }
  // Customers the command read in this transaction and found not merged (a sale's) are not asked again.
  if (named.size === 0 || [...named].every((id) => notMerged.has(id))) return
  if (!(await anyMerged(db, [...named]))) return
  await settleMerges(db, named)
}

/** Statements kept for this many ids or fewer: a command names one or two customers. */
const PREPARED_UP_TO = 8

/**
 * Whether any of these customers was merged away. On every write that names a customer (each
 * sale), so up to 8 ids it is one statement prepared once per id count rather than a Knex
 * query built, prepared and finalized each time (~0.1 ms of CPU a sale).
 */
async function anyMerged(db: Knex, ids: readonly string[]): Promise<boolean> {
  if (ids.length > PREPARED_UP_TO) return Boolean(await db('customers').whereIn('id', ids).whereNotNull('merged_into').first('id'))
  const marks = ids.map(() => '?').join(', ')
  const rows = await prepared<{ id: string }>(db, `SELECT id FROM customers WHERE id IN (${marks}) AND merged_into IS NOT NULL LIMIT 1`, ids)
  return rows.length > 0
}
