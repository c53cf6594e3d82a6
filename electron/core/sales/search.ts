import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { ReceiptSearchRow } from '../../contract/receipts'
import { requireStoreId, type CommandContext } from '../context'
import { decodeCursor, pageOf } from '../db/keyset'
import { displayName } from '../loyalty/accounts'
import { loadStoreTerms } from '../stores/terms'
import { addDays, startOfLocalDay } from '../time/local-dates'
import { formatReceiptNumber } from './receipt-number'
import { toReceiptLine } from './receipt-view'
import type { ReceiptLineRow } from './repo'

/** What a typed receipt number names: a full number ("CS-000123") or a number in this store's sequence ("123"). */
export type TypedNumber = { number: string } | { seq: number } | 'nothing'

/**
 * Reads a receipt number as people type or say it: "CS-000123", "cs-123", "CS123", "#123" or
 * "123". Anything else can name no receipt.
 */
export function parseReceiptNumber(typed: string): TypedNumber | null {
  const t = typed.trim().toUpperCase().replace(/^#/, '').replace(/\s+/g, '')
  if (t === '') return null
  if (/^\d{1,12}$/.test(t)) return { seq: Number(t) }
  const match = /^([A-Z0-9]{1,6})-(\d{1,12})$/.exec(t) ?? /^([A-Z]{1,6})(\d{1,12})$/.exec(t)
  return match ? { number: formatReceiptNumber(match[1], Number(match[2])) } : 'nothing'
}

type SearchRow = ReceiptLineRow & {
  customer_id: string | null
  first_name: string | null
  last_name: string | null
  flagged: number | null
}

function toSearchRow(row: SearchRow): ReceiptSearchRow {
  return {
    ...toReceiptLine(row),
    customer: row.customer_id ? { id: row.customer_id, name: displayName({ first_name: row.first_name ?? '', last_name: row.last_name }) || 'Erased customer', flagged: Boolean(row.flagged) } : null,
  }
}

/** Below this many receipts in an amount range, reading them by amount and sorting beats walking the timeline. */
const AMOUNT_CANDIDATES = 5000

/**
 * The index the query must read, where SQLite could pick a worse one (a name, not a Knex raw:
 * a raw is thenable, and awaiting one runs it):
 * a number or a customer is narrower than the store's whole timeline, whose index the planner
 * would otherwise take for its order. An amount range is read by amount when few receipts fall
 * in it (a count capped at AMOUNT_CANDIDATES, on the index alone); otherwise the timeline is
 * walked newest first, its index carrying the total, until a page is full.
 */
async function chooseIndex(db: Knex, storeId: string, input: ParsedInput<'receipts:search'>, typed: TypedNumber | null): Promise<string> {
  if (typed && typed !== 'nothing') return 'seq' in typed ? 'receipts_store_seq' : 'receipts_number'
  if (input.customerId) return 'receipts_customer_day_time'
  if (input.minTotalMinor === null && input.maxTotalMinor === null) return 'receipts_store_time'
  const [{ n }] = (await db.raw(
    `SELECT count(*) AS n FROM (SELECT 1 FROM receipts INDEXED BY receipts_store_total
      WHERE store_id = ? AND total_minor BETWEEN ? AND ? LIMIT ${AMOUNT_CANDIDATES + 1})`,
    [storeId, input.minTotalMinor ?? -Number.MAX_SAFE_INTEGER, input.maxTotalMinor ?? Number.MAX_SAFE_INTEGER],
  )) as { n: number }[]
  return n <= AMOUNT_CANDIDATES ? 'receipts_store_total' : 'receipts_store_time'
}

/**
 * The order of the page: newest first by when each receipt was saved; a customer's receipts
 * walk their own index, which orders them by store-local day first (as the customer's
 * transaction history does: a void sits on its sale's day), so a page is read, never sorted.
 */
function orderOf(input: ParsedInput<'receipts:search'>): string[] {
  return input.customerId ? ['local_date', 'created_at', 'id'] : ['created_at', 'id']
}

/**
 * Every receipt of this store, newest first, narrowed by number, customer, store-local days
 * and total; keyset-paged. A number is found through its own index, so it takes the same time
 * in ten receipts or ten million.
 */
export async function search(ctx: CommandContext, input: ParsedInput<'receipts:search'>) {
  const storeId = requireStoreId(ctx)
  const typed = parseReceiptNumber(input.number)
  if (typed === 'nothing') return { rows: [], nextCursor: null }
  const order = orderOf(input)
  const after = input.after === null ? null : decodeCursor(input.after, order.length)
  const { timeZone } = await loadStoreTerms(ctx.db, storeId)
  const db = ctx.db
  const index = await chooseIndex(db, storeId, input, typed)
  const q = db
    .from(db.raw('receipts AS r INDEXED BY ??', [index]))
    .leftJoin('customers as c', 'c.id', 'r.customer_id')
    .select('r.id', 'r.number', 'r.kind', 'r.created_at', 'r.local_date', 'r.total_minor', 'r.currency', 'r.customer_id')
    .select('c.first_name', 'c.last_name', 'c.flagged')
    .select(db.raw('EXISTS (SELECT 1 FROM receipts AS v WHERE v.voids_receipt_id = r.id) AS voided'))
    .where('r.store_id', storeId)
  if (typed && 'seq' in typed) q.where('r.seq', typed.seq)
  if (typed && 'number' in typed) q.where('r.number', typed.number)
  if (input.customerId) q.where('r.customer_id', input.customerId)
  if (input.from) q.where('r.created_at', '>=', startOfLocalDay(input.from, timeZone))
  if (input.to) q.where('r.created_at', '<', startOfLocalDay(addDays(input.to, 1), timeZone))
  if (input.minTotalMinor !== null) q.where('r.total_minor', '>=', input.minTotalMinor)
  if (input.maxTotalMinor !== null) q.where('r.total_minor', '<=', input.maxTotalMinor)
  const columns = order.map((column) => `r.${column}`)
  if (after) q.whereRaw(`(${columns.join(', ')}) < (${order.map(() => '?').join(', ')})`, after)
  const rows = (await q.orderBy(columns.map((column) => ({ column, order: 'desc' as const }))).limit(input.limit + 1)) as SearchRow[]
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => order.map((column) => String(row[column as keyof SearchRow])))
  return { rows: page.map(toSearchRow), nextCursor }
}
