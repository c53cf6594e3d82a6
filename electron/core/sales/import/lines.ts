import type { ImportIssue } from '../../../contract/imports'
import type { PaymentMethod } from '../../../contract/sales'
import { isTypeable } from '../../../contract/fields'
import type { DayOrder } from '../../imports/dates'
import { RECEIPT_COLUMN_LABELS, type ColumnPositions, type ReceiptColumn } from './columns'
import { readDateTime, readMoney, readPaymentMethod, readQuantity, readTaxRate, type Read } from './values'

/** The longest receipt number a synced receipt holds (a prefix of 6, a hyphen and 16 digits). */
export const MAX_NUMBER_LENGTH = 23
const MAX_ITEM_LENGTH = 120
const MAX_CUSTOMER_LENGTH = 254

/** One line of the file as read: an item, a payment, or both, of one receipt. */
export interface FileLine {
  row: number
  number: string
  createdAt: string
  /** The date as the file writes it, for the messages. */
  dateText: string
  customer: string
  item: { name: string; quantity: number; unitPriceMinor: number; taxMillipercent: number | null } | null
  payment: { method: PaymentMethod; amountMinor: number } | null
}

export interface LineRules {
  columns: ColumnPositions
  currency: string
  timeZone: string
  today: string
  now: Date
  dayOrder: DayOrder | null
}

export type LineResult = { line: FileLine | null; issues: ImportIssue[]; ambiguousDate: string | null }

/** A receipt number as stored and searched: upper case, no spaces; letters, digits and - / . _ #. */
export function receiptNumberOf(raw: string): Read<string> {
  const number = raw.trim().toUpperCase().replace(/\s+/g, '')
  if (number === '') return { ok: false, message: 'Receipt number is empty' }
  if (number.length > MAX_NUMBER_LENGTH) return { ok: false, message: `Receipt number is at most ${MAX_NUMBER_LENGTH} characters` }
  if (!/^[A-Z0-9][A-Z0-9\-/._#]*$/.test(number)) return { ok: false, message: 'Receipt number may hold letters, digits and - / . _ # only' }
  return { ok: true, value: number }
}

/**
 * One row read by the columns' rules, every problem reported on its column (a row with any
 * error is no line). Empty item cells make a payment-only line; empty payment cells an item
 * line; a row with neither is an error.
 */
export function readLine(cells: readonly string[], row: number, rules: LineRules): LineResult {
  const issues: ImportIssue[] = []
  const cell = (column: ReceiptColumn) => {
    const at = rules.columns[column]
    return at === undefined ? '' : (cells[at] ?? '').trim()
  }
  const problem = (column: ReceiptColumn, message: string) => {
    const value = cell(column)
    issues.push({ row, kind: 'error', field: RECEIPT_COLUMN_LABELS[column], value: value.length > 200 ? `${value.slice(0, 200)}…` : value, message })
  }
  const take = <T>(column: ReceiptColumn, read: Read<T>): T | undefined => {
    if (read.ok) return read.value
    problem(column, read.message)
    return undefined
  }
  const number = take('number', receiptNumberOf(cell('number')))
  const when = readDateTime(cell('date'), rules.dayOrder, rules.today, rules.timeZone, rules.now)
  if ('ambiguous' in when) return { line: null, issues, ambiguousDate: cell('date') }
  const createdAt = take('date', when)
  const customer = cell('customer')
  if (customer.length > MAX_CUSTOMER_LENGTH) problem('customer', `Customer is at most ${MAX_CUSTOMER_LENGTH} characters`)
  else if (!isTypeable(customer, { multiline: false })) problem('customer', 'Customer contains invisible or control characters')
  const name = cell('item')
  const itemCells = name !== '' || cell('quantity') !== '' || cell('unitPrice') !== ''
  let item: FileLine['item'] = null
  if (itemCells) {
    if (name === '') problem('item', 'Item is empty: name what was sold')
    else if (name.length > MAX_ITEM_LENGTH) problem('item', `Item is at most ${MAX_ITEM_LENGTH} characters`)
    else if (!isTypeable(name, { multiline: false })) problem('item', 'Item contains invisible or control characters')
    const quantity = take('quantity', readQuantity(cell('quantity')))
    const unitPriceMinor = take('unitPrice', readMoney(cell('unitPrice'), rules.currency, 'Unit price'))
    const taxMillipercent = take('taxRate', readTaxRate(cell('taxRate')))
    if (quantity !== undefined && unitPriceMinor !== undefined && taxMillipercent !== undefined) item = { name, quantity, unitPriceMinor, taxMillipercent }
  }
  const paymentCells = cell('paymentMethod') !== '' || cell('paymentAmount') !== ''
  let payment: FileLine['payment'] = null
  if (paymentCells) {
    const method = take('paymentMethod', readPaymentMethod(cell('paymentMethod')))
    const amountMinor = take('paymentAmount', readMoney(cell('paymentAmount'), rules.currency, 'Payment amount'))
    if (amountMinor === 0) problem('paymentAmount', 'Payment amount must be more than zero')
    else if (method !== undefined && amountMinor !== undefined) payment = { method, amountMinor }
  }
  if (!itemCells && !paymentCells) problem('item', 'The row has neither an item nor a payment')
  if (issues.length > 0 || number === undefined || createdAt === undefined) return { line: null, issues, ambiguousDate: null }
  return { line: { row, number, createdAt, dateText: cell('date'), customer, item, payment }, issues, ambiguousDate: null }
}
