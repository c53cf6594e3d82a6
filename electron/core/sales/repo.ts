import type { Knex } from 'knex'
import type { PaymentMethod } from '../../contract/sales'
import { insertTrackedRows, type TrackedBatch, type Writer } from '../db/changelog'
import { prepared, type Rows } from '../db/prepared'

export type ReceiptKind = 'sale' | 'void'

export interface ReceiptRow {
  id: string
  store_id: string
  seq: number
  number: string
  kind: ReceiptKind
  voids_receipt_id: string | null
  void_reason: string | null
  customer_id: string | null
  user_id: string | null
  created_at: string
  local_date: string
  currency: string
  subtotal_minor: number
  tax_minor: number
  total_minor: number
  paid_minor: number
  change_minor: number
  loyalty_points: number
}

export interface ReceiptItemRow {
  id: string
  receipt_id: string
  position: number
  name: string
  quantity: number
  unit_price_minor: number
  line_subtotal_minor: number
  tax_rate_id: string | null
  tax_rate_name: string | null
  tax_rate_millipercent: number | null
  tax_minor: number
  line_total_minor: number
}

export interface ReceiptPaymentRow {
  id: string
  receipt_id: string
  position: number
  method: PaymentMethod
  amount_minor: number
  reference: string | null
  /** A payment by loyalty points: the points it took (negative on a void); null otherwise. */
  points: number | null
}

/** A receipt and everything printed on it, as stored. */
export interface StoredReceipt {
  receipt: ReceiptRow
  items: ReceiptItemRow[]
  payments: ReceiptPaymentRow[]
}

/** The next number in this store's sequence; safe because one connection serialises writers. */
export async function nextReceiptSeq(trx: Knex, storeId: string): Promise<number> {
  const [row] = await prepared<{ seq: number | null }>(trx, 'SELECT MAX(seq) AS seq FROM receipts WHERE store_id = ?', [storeId])
  return Number(row?.seq ?? 0) + 1
}

/**
 * A receipt's rows, for insertTrackedRows: the receipt first, its items and payments refer to
 * it. Receipts are immutable (a void is a new receipt): the receipt is logged once, whole, its
 * items and payments inside its entry.
 */
export function receiptBatches(stored: StoredReceipt): TrackedBatch[] {
  return [
    { table: 'receipts', rows: [{ ...stored.receipt }] },
    { table: 'receipt_items', rows: stored.items.map((item) => ({ ...item })) },
    { table: 'receipt_payments', rows: stored.payments.map((payment) => ({ ...payment })) },
  ]
}

/** A receipt, its items and payments, and its change-log entry: three statements and the entry. */
export async function insertReceipt(w: Writer, stored: StoredReceipt): Promise<void> {
  await insertTrackedRows(w, receiptBatches(stored))
}

export async function loadReceipt(db: Knex, id: string): Promise<StoredReceipt | undefined> {
  const receipt = await db<ReceiptRow>('receipts').where({ id }).first()
  if (!receipt) return undefined
  const [items, payments] = await Promise.all([
    db<ReceiptItemRow>('receipt_items').where({ receipt_id: id }).orderBy('position'),
    db<ReceiptPaymentRow>('receipt_payments').where({ receipt_id: id }).orderBy('position'),
  ])
  return { receipt, items, payments }
}

export function findVoidOf(db: Knex, receiptId: string): Promise<ReceiptRow | undefined> {
  return db<ReceiptRow>('receipts').where({ voids_receipt_id: receiptId }).first()
}

export function findReceiptRow(db: Knex, id: string): Promise<ReceiptRow | undefined> {
  return db<ReceiptRow>('receipts').where({ id }).first()
}

export type ReceiptLineRow = Pick<ReceiptRow, 'id' | 'number' | 'kind' | 'created_at' | 'local_date' | 'total_minor' | 'currency'> & {
  /** The issuing store's time zone. */
  store_time_zone: string
  /** 1 when a void of this receipt exists. */
  voided: number
}

/** The issuing store's zone, for a receipt read as `receipts` (its clock is the one its time is shown on). */
const RECEIPT_STORE_TIME_ZONE = '(SELECT s.time_zone FROM stores AS s WHERE s.id = receipts.store_id) AS store_time_zone'

const RECEIPT_LINES = `SELECT id, number, kind, created_at, local_date, total_minor, currency, ${RECEIPT_STORE_TIME_ZONE},
    EXISTS (SELECT 1 FROM receipts AS v WHERE v.voids_receipt_id = receipts.id) AS voided
  FROM receipts WHERE customer_id = ? AND local_date BETWEEN ? AND ?`
const NEWEST_FIRST = 'ORDER BY local_date DESC, created_at DESC, id DESC LIMIT ?'
const RECEIPT_LINES_FIRST = `${RECEIPT_LINES} ${NEWEST_FIRST}`
const RECEIPT_LINES_AFTER = `${RECEIPT_LINES} AND (local_date, created_at, id) < (?, ?, ?) ${NEWEST_FIRST}`

/**
 * A customer's receipts whose local day is in [from, to], newest first, after the keyset
 * (local_date, created_at, id) of the previous page. Served by receipts_customer_day_time;
 * whether each was voided is a lookup in receipts_voids_once, done only for the page's rows.
 */
export function customerReceiptLines(
  rows: Rows,
  query: { customerId: string; from: string; to: string; after: string[] | null; limit: number },
): Promise<ReceiptLineRow[]> {
  const range = [query.customerId, query.from, query.to]
  return query.after
    ? rows<ReceiptLineRow>(RECEIPT_LINES_AFTER, [...range, ...query.after, query.limit + 1])
    : rows<ReceiptLineRow>(RECEIPT_LINES_FIRST, [...range, query.limit + 1])
}

