import { MAX_POINTS_BALANCE } from '../../contract/money/amount'
import { insertTrackedRows, type TrackedBatch, type Writer } from '../db/changelog'
import { fieldError } from '../errors'
import { cacheBalance, type CustomerAccount } from './accounts'
import { newLedgerRow, type LedgerRow, type NewLedgerEntry } from './ledger'

const plural = (n: number) => `${n} point${n === 1 ? '' : 's'}`

/**
 * What a sale that would earn `points` earns on this balance: all of them, or as many as the
 * balance can still hold below MAX_POINTS_BALANCE (none when it is there already, as two
 * stores' offline sales can put it). The sale itself always goes through.
 */
export function earnablePoints(account: CustomerAccount, points: number): number {
  return Math.max(0, Math.min(points, MAX_POINTS_BALANCE - account.balance))
}

/**
 * Every change to a balance goes through here: one ledger row, and the cached balance moved
 * by the same amount, in the caller's transaction (read `account` inside it). A removal that
 * would leave the balance below zero is refused on the `points` field, as is an addition that
 * would take it past MAX_POINTS_BALANCE (a sale earns at most what fits: `earnablePoints`).
 * Only the direction of the change is checked: a balance that sync made negative (two stores
 * each spent the same points offline) still earns and takes added points, which bring it back
 * towards zero; it only refuses removing more. `alongside` are rows written in the same
 * statements before the entry (the receipt that earned the points).
 */
export async function postPoints(
  w: Writer,
  account: CustomerAccount,
  entry: Omit<NewLedgerEntry, 'customer_id'>,
  alongside: readonly TrackedBatch[] = [],
): Promise<{ row: LedgerRow; balance: number }> {
  const balance = account.balance + entry.points
  if (entry.points < 0 && balance < 0) {
    const has = account.balance < 0 ? `a balance below zero (${plural(account.balance)})` : `only ${plural(account.balance)}`
    throw fieldError('points', `${account.name} has ${has}; cannot remove ${plural(-entry.points)}`)
  }
  if (entry.points > 0 && balance > MAX_POINTS_BALANCE) {
    throw fieldError('points', `A balance can hold at most ${MAX_POINTS_BALANCE.toLocaleString('en')} points; ${account.name} has ${plural(account.balance)}`)
  }
  const row = newLedgerRow(w, { ...entry, customer_id: account.id })
  await insertTrackedRows(w, [...alongside, { table: 'loyalty_ledger', rows: [{ ...row }] }])
  await cacheBalance(w, account.id, balance, entry.reason)
  account.balance = balance
  return { row, balance }
}
