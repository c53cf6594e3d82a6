import { MAX_POINTS_BALANCE } from '../../contract/money/amount'
import { insertTrackedRows, type TrackedBatch, type Writer } from '../db/changelog'
import { fieldError } from '../errors'
import { cacheBalance, type CustomerAccount } from './accounts'
import { newLedgerRow, type LedgerRow, type NewLedgerEntry } from './ledger'

const plural = (n: number) => `${n} point${n === 1 ? '' : 's'}`

/**
 * Every change to a balance goes through here: one ledger row, and the cached balance moved
 * by the same amount, in the caller's transaction (read `account` inside it). A balance
 * never goes below zero: such a change is refused on the `points` field. `alongside` are rows
 * written in the same statements before the entry (the receipt that earned the points).
 */
export async function postPoints(
  w: Writer,
  account: CustomerAccount,
  entry: Omit<NewLedgerEntry, 'customer_id'>,
  alongside: readonly TrackedBatch[] = [],
): Promise<{ row: LedgerRow; balance: number }> {
  const balance = account.balance + entry.points
  if (balance < 0) {
    throw fieldError('points', `${account.name} has only ${plural(account.balance)}; cannot remove ${plural(-entry.points)}`)
  }
  if (balance > MAX_POINTS_BALANCE) {
    const field = entry.kind === 'earned' ? 'customerId' : 'points'
    throw fieldError(field, `A balance can hold at most ${MAX_POINTS_BALANCE.toLocaleString('en')} points; ${account.name} has ${plural(account.balance)}`)
  }
  const row = newLedgerRow(w, { ...entry, customer_id: account.id })
  await insertTrackedRows(w, [...alongside, { table: 'loyalty_ledger', rows: [{ ...row }] }])
  await cacheBalance(w, account.id, balance, entry.reason)
  account.balance = balance
  return { row, balance }
}
