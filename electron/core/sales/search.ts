import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { ReceiptSearchRow } from '../../contract/receipts'
import { requireStoreId, type CommandContext } from '../context'
import { survivorOf } from '../customers/merge/family'
import { decodeCursor, pageOf } from '../db/keyset'
import { customerName } from '../loyalty/accounts'
import { loadStoreTerms } from '../stores/terms'
import { addDays, startOfLocalDay } from '../time/local-dates'
import { MAX_NUMBER_LENGTH } from './import/lines'
import { formatReceiptNumber } from './receipt-number'
import { toReceiptLine } from './receipt-view'
import type { ReceiptLineRow } from './repo'

/**
 * What a typed receipt number may name: full numbers ("CS-000123"), a number in this store's
 * sequence ("123"), or both (digits alone, which a prefix of digits may start).
 */
export interface TypedNumber {
  numbers: string[]
  seq: number | null
}

/** A prefix as settings allow one: up to 6 capital letters or digits. */
const PREFIX = /^[A-Z0-9]{1,6}$/
const DIGITS = /^\d{1,12}$/
/** What an imported receipt's number may hold (sales/import/lines.ts). */
const IMPORTED = /^[A-Z0-9][A-Z0-9\-/._#]*$/

/**
 * Reads a receipt number as people type or say it: "CS-000123", "cs-123", "CS123", "CS 123",
 * "#123" or "123". Without the hyphen, a prefix may hold digits too ("N2" + "1" typed "N21",
 * "123" + "2" typed "1232"), so every way of splitting a prefix from the digits after it is a
 * candidate (at most six: one per prefix length; any prefix the store ever used is among them),
 * and digits alone are also a number in this store's sequence (and an imported register's number
 * as it was). Anything else can name no receipt.
 */
export function parseReceiptNumber(typed: string): TypedNumber | 'nothing' | null {
  const t = typed.trim().toUpperCase().replace(/^#/, '').replace(/\s+/g, '')
  if (t === '') return null
  const hyphen = /^([A-Z0-9]{1,6})-(\d{1,12})$/.exec(t)
  // An imported receipt keeps the number its register gave it (sales/import/lines.ts): as typed, too.
  const asTyped = IMPORTED.test(t) && t.length <= MAX_NUMBER_LENGTH ? [t] : []
  if (hyphen) return { numbers: [...new Set([formatReceiptNumber(hyphen[1], Number(hyphen[2])), ...asTyped])], seq: null }
  const numbers: string[] = []
  for (let cut = 1; cut <= 6 && cut < t.length; cut++) {
    const [prefix, digits] = [t.slice(0, cut), t.slice(cut)]
    if (PREFIX.test(prefix) && DIGITS.test(digits)) numbers.push(formatReceiptNumber(prefix, Number(digits)))
  }
  // Digits alone too: a register's "1001" imported as it was, beside this store's 1001th receipt.
  numbers.push(...asTyped.filter((number) => !numbers.includes(number)))
  const seq = DIGITS.test(t) ? Number(t) : null
  return numbers.length > 0 || seq !== null ? { numbers, seq } : 'nothing'
}

/**
 * One index for what was typed: digits that are both a sequence number and full numbers read
 * the sequence's receipt (by receipts_store_seq, at most one) and join its number to the others.
 */
async function receiptNumbersTyped(db: Knex, storeId: string, typed: TypedNumber): Promise<TypedNumber> {
  if (typed.seq === null || typed.numbers.length === 0) return typed
  const bySeq = await db('receipts').where({ store_id: storeId, seq: typed.seq }).first('number')
  return { numbers: bySeq ? [...typed.numbers, bySeq.number] : typed.numbers, seq: null }
}

type SearchRow = ReceiptLineRow & {
  customer_id: string | null
  first_name: string | null
  last_name: string | null
  erased_at: string | null
  flagged: number | null
  flag_reason: string | null
}

function toSearchRow(row: SearchRow): ReceiptSearchRow {
  return {
    ...toReceiptLine(row),
    customer: row.customer_id ? { id: row.customer_id, name: customerName(row), flagged: Boolean(row.flagged), flagReason: row.flagged ? row.flag_reason : null } : null,
  }
}

/**
 * The signed totals an amount filter names, as one or two ranges (both ends included): a minus
 * sign on either end makes it the signed total's range; otherwise it is the amount's size, so
 * 5.00 finds a $5 sale and a $5 void (-$5.00) alike, as the desk names them.
 */
export function totalRanges(min: number | null, max: number | null): [number, number][] {
  if (min === null && max === null) return []
  // A minus sign in Lowest alone ("-30"): the voids down to -30, not every sale above it too.
  if (min !== null && min < 0 && max === null) return [[min, -1]]
  if ((min !== null && min < 0) || (max !== null && max < 0)) return [[min ?? -Number.MAX_SAFE_INTEGER, max ?? Number.MAX_SAFE_INTEGER]]
  const [lo, hi] = [min ?? 0, max ?? Number.MAX_SAFE_INTEGER]
  // From nothing the two sizes meet at zero: one range, read once.
  return lo === 0 ? [[-hi, hi]] : [[lo, hi], [-hi, -lo]]
}

/** SQL for "the total is in one of these ranges", with its bindings. */
function totalInRanges(ranges: [number, number][], column: string): [string, number[]] {
  return [`(${ranges.map(() => `${column} BETWEEN ? AND ?`).join(' OR ')})`, ranges.flat()]
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
async function chooseIndex(db: Knex, storeId: string, input: ParsedInput<'receipts:search'>, typed: TypedNumber | null, totals: [number, number][]): Promise<string> {
  if (typed) return typed.numbers.length > 0 ? 'receipts_number' : 'receipts_store_seq'
  if (input.customerId) return 'receipts_customer_day_time'
  if (totals.length === 0) return 'receipts_store_time'
  const [inRanges, bindings] = totalInRanges(totals, 'total_minor')
  const [{ n }] = (await db.raw(
    `SELECT count(*) AS n FROM (SELECT 1 FROM receipts INDEXED BY receipts_store_total
      WHERE store_id = ? AND ${inRanges} LIMIT ${AMOUNT_CANDIDATES + 1})`,
    [storeId, ...bindings],
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
  const parsed = parseReceiptNumber(input.number)
  if (parsed === 'nothing') return { rows: [], nextCursor: null }
  const order = orderOf(input)
  const after = input.after === null ? null : decodeCursor(input.after, order.length)
  const { timeZone } = await loadStoreTerms(ctx.db, storeId)
  const db = ctx.db
  const typed = parsed && (await receiptNumbersTyped(db, storeId, parsed))
  const totals = totalRanges(input.minTotalMinor, input.maxTotalMinor)
  const index = await chooseIndex(db, storeId, input, typed, totals)
  const q = db
    .from(db.raw('receipts AS r INDEXED BY ??', [index]))
    .leftJoin('customers as c', 'c.id', 'r.customer_id')
    .select('r.id', 'r.number', 'r.kind', 'r.created_at', 'r.local_date', 'r.total_minor', 'r.currency', 'r.customer_id')
    .select('c.first_name', 'c.last_name', 'c.erased_at', 'c.flagged', 'c.flag_reason')
    .select(db.raw('EXISTS (SELECT 1 FROM receipts AS v WHERE v.voids_receipt_id = r.id) AS voided'))
    .select(db.raw('(SELECT s.time_zone FROM stores AS s WHERE s.id = r.store_id) AS store_time_zone'))
    .where('r.store_id', storeId)
  if (typed && typed.numbers.length > 0) q.whereIn('r.number', typed.numbers)
  else if (typed && typed.seq !== null) q.where('r.seq', typed.seq)
  // A merged customer's receipts moved to its survivor; an erased customer's stay, as "Erased customer".
  if (input.customerId) q.where('r.customer_id', await survivorOf(db, input.customerId))
  if (input.from) q.where('r.created_at', '>=', startOfLocalDay(input.from, timeZone))
  if (input.to) q.where('r.created_at', '<', startOfLocalDay(addDays(input.to, 1), timeZone))
  if (totals.length > 0) q.whereRaw(...totalInRanges(totals, 'r.total_minor'))
  const columns = order.map((column) => `r.${column}`)
  if (after) q.whereRaw(`(${columns.join(', ')}) < (${order.map(() => '?').join(', ')})`, after)
  const rows = (await q.orderBy(columns.map((column) => ({ column, order: 'desc' as const }))).limit(input.limit + 1)) as SearchRow[]
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => order.map((column) => String(row[column as keyof SearchRow])))
  return { rows: page.map(toSearchRow), nextCursor }
}
