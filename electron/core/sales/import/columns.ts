import { AppError } from '../../errors'

/** What a column of a receipt file holds. */
export type ReceiptColumn = 'number' | 'date' | 'customer' | 'item' | 'quantity' | 'unitPrice' | 'taxRate' | 'paymentMethod' | 'paymentAmount'

/** The names the README gives each column, as messages and the report name them. */
export const RECEIPT_COLUMN_LABELS: Record<ReceiptColumn, string> = {
  number: 'Receipt number',
  date: 'Date',
  customer: 'Customer',
  item: 'Item',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  taxRate: 'Tax rate (%)',
  paymentMethod: 'Payment method',
  paymentAmount: 'Payment amount',
}

/**
 * The headers each column is known by, as registers export them, written as `headerKey` folds
 * them (lower case, letters and digits only: "Tax rate (%)" is "taxrate").
 */
const ALIASES: Record<ReceiptColumn, readonly string[]> = {
  number: ['receiptnumber', 'receiptno', 'receipt', 'receiptid', 'ordernumber', 'orderno', 'order', 'transactionnumber', 'transactionid', 'transaction', 'invoicenumber', 'invoiceno', 'invoice', 'ticketnumber', 'ticket'],
  date: ['date', 'datetime', 'dateandtime', 'saledate', 'orderdate', 'receiptdate', 'transactiondate', 'createdat', 'created', 'soldat'],
  customer: ['customer', 'customerphone', 'customeremail', 'customerphoneoremail', 'client', 'phone', 'email'],
  item: ['item', 'itemname', 'product', 'productname', 'description', 'lineitem', 'article'],
  quantity: ['quantity', 'qty', 'units', 'count'],
  unitPrice: ['unitprice', 'price', 'priceeach', 'itemprice', 'unitcost'],
  taxRate: ['taxrate', 'taxratepercent', 'taxpercent', 'tax', 'vatrate', 'vat'],
  paymentMethod: ['paymentmethod', 'payment', 'paymenttype', 'tender', 'tendertype', 'paidby', 'method'],
  paymentAmount: ['paymentamount', 'amountpaid', 'paid', 'tendered', 'amount', 'paymenttotal'],
}

/** Columns a receipt cannot be made without; a file without the customer or tax column has walk-ins and untaxed items. */
const REQUIRED: readonly ReceiptColumn[] = ['number', 'date', 'item', 'quantity', 'unitPrice', 'paymentMethod', 'paymentAmount']

const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '')

export type ColumnPositions = Partial<Record<ReceiptColumn, number>>

/**
 * Where each column is, by its header (any case, the usual other names). A file that lacks a
 * required column, or names one twice, is refused as a whole, naming the headers it has.
 */
export function findColumns(headers: readonly string[]): ColumnPositions {
  const found: ColumnPositions = {}
  headers.forEach((header, position) => {
    const key = headerKey(header)
    const column = (Object.keys(ALIASES) as ReceiptColumn[]).find((c) => ALIASES[c].includes(key))
    if (!column) return
    if (found[column] !== undefined) {
      throw refuse(`two columns hold the ${RECEIPT_COLUMN_LABELS[column]} ("${headers[found[column]!]}" and "${header}"): remove one`)
    }
    found[column] = position
  })
  const missing = REQUIRED.filter((column) => found[column] === undefined)
  if (missing.length > 0) {
    const names = missing.map((column) => RECEIPT_COLUMN_LABELS[column]).join(', ')
    throw refuse(`it has no ${names} column (its headers are ${headers.slice(0, 20).join(', ')}${headers.length > 20 ? '…' : ''})`)
  }
  return found
}

function refuse(why: string): AppError {
  return new AppError('VALIDATION', `This file cannot be imported as receipts: ${why}`, { fields: { file: why } })
}
