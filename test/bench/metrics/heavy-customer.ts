import { formatReceiptNumber } from '../../../electron/core/sales/receipt-number'
import { TZDate } from '@date-fns/tz'
import { seededRandom } from '../../../electron/core/demo/random'
import { newId } from '../../../electron/core/ids'
import { localDateOf } from '../../../electron/core/time/local-dates'

/** The columns of a receipt row, in the order the loaders insert them. */
export const RECEIPT_COLUMNS = [
  'id', 'store_id', 'seq', 'number', 'kind', 'voids_receipt_id', 'void_reason', 'customer_id', 'user_id', 'created_at',
  'local_date', 'currency', 'subtotal_minor', 'tax_minor', 'total_minor', 'paid_minor', 'change_minor', 'loyalty_points',
] as const

/**
 * The measured customer's receipts: `count` rows over `days` local days ending yesterday, at
 * local times between 09:00 and 23:59 (so many fall after 19:00, when New York is already
 * tomorrow in UTC), 2 % of the sales voided an hour later.
 */
export function heavyCustomerReceipts(options: {
  count: number
  days: number
  today: string
  timeZone: string
  storeId: string
  userId: string
  customerId: string
  firstSeq: number
}): unknown[][] {
  const random = seededRandom(42)
  const rows: unknown[][] = []
  const [y, m, d] = options.today.split('-').map(Number)
  let seq = options.firstSeq
  for (let k = 0; rows.length < options.count; k++) {
    const dayOffset = options.days - Math.floor((k * options.days) / options.count)
    const minutes = 9 * 60 + Math.floor(random() * 15 * 60)
    const at = new TZDate(y, m - 1, d - dayOffset, Math.floor(minutes / 60), minutes % 60, options.timeZone)
    const createdAt = new Date(at.getTime()).toISOString()
    const localDate = localDateOf(new Date(createdAt), options.timeZone)
    const subtotal = 500 + Math.floor(random() * 14_500)
    const tax = Math.round((subtotal * 8875) / 100_000)
    const saleId = newId()
    const sale = [saleId, options.storeId, seq, formatReceiptNumber('BM', seq), 'sale', null, null, options.customerId, options.userId,
      createdAt, localDate, 'USD', subtotal, tax, subtotal + tax, subtotal + tax, 0, Math.floor(subtotal / 100)]
    rows.push(sale)
    seq += 1
    if (random() < 0.02 && rows.length < options.count) {
      const voidAt = new Date(Date.parse(createdAt) + 3_600_000).toISOString()
      rows.push([newId(), options.storeId, seq, formatReceiptNumber('BM', seq), 'void', saleId, 'Returned', options.customerId,
        options.userId, voidAt, localDate, 'USD', -subtotal, -tax, -(subtotal + tax), -(subtotal + tax), 0, -Math.floor(subtotal / 100)])
      seq += 1
    }
  }
  return rows
}
