import type { Writer } from '../db/changelog'
import { fieldError } from '../errors'
import { cacheBalance, type CustomerAccount } from './accounts'
import { insertLedgerEntry, type LedgerRow, type NewLedgerEntry } from './ledger'

const plural = (n: number) => `${n} point${n === 1 ? '' : 's'}`

/**
 * Every change to a balance goes through here: one ledger row, and the cached balance moved
 * by the same amount, in the caller's transaction (read `account` inside it). A balance
 * never goes below zero: such a change is refused on the `points` field.
 */
export async function postPoints(
  w: Writer,
  account: CustomerAccount,
  entry: Omit<NewLedgerEntry, 'customer_id'>,
): Promise<{ row: LedgerRow; balance: number }> {
  const balance = account.balance + entry.points
  if (balance < 0) {
    throw fieldError('points', `${account.name} has only ${plural(account.balance)}; cannot remove ${plural(-entry.points)}`)
  }
  const row = await insertLedgerEntry(w, { ...entry, customer_id: account.id })
  await cacheBalance(w, account.id, balance, entry.reason)
  return { row, balance }
}
