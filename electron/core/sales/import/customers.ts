import type { Knex } from 'knex'
import type { ImportIssue } from '../../../contract/imports'
import { SavedMatches, type Saved } from '../../customers/import/duplicates'
import { parsePhone } from '../../customers/phone'
import { SLICE } from '../../imports/job'
import { findCustomerAccount, type CustomerAccount } from '../../loyalty/accounts'
import { RECEIPT_COLUMN_LABELS } from './columns'
import type { ReceiptDraft } from './receipts'

/** The key the customer import's matching knows a Customer cell by: an email, else a phone. */
export function keyOf(cell: string, country: string): { phone?: string; email?: string } | null {
  if (cell.includes('@')) return { email: cell.toLowerCase() }
  const phone = parsePhone(cell, country)
  return phone ? { phone: phone.number } : null
}

/**
 * Whether two Customer cells name the same customer as matching reads them: the same text (any
 * case), or the same phone however it is written ("(212) 555-0100", "212-555-0100", "+1 212 555 0100").
 */
export function sameCustomerCell(a: string, b: string, country: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true
  const [keyA, keyB] = [keyOf(a, country), keyOf(b, country)]
  return !!keyA?.phone && keyA.phone === keyB?.phone
}

const found = (matches: SavedMatches, key: { phone?: string; email?: string }): Saved | undefined =>
  key.email ? matches.found.get(`email:${key.email}`) : matches.found.get(`phone:${key.phone}`)

const nameOf = (saved: Saved) => `#${saved.customer_number} ${[saved.first_name, saved.last_name].filter(Boolean).join(' ')}`

/**
 * The customer each receipt names, looked up as the customer import looks up likely duplicates
 * (SavedMatches: the same phone or email, live customers only, the first in the index's order
 * when two share one). An empty cell is a walk-in. A cell that is neither, or names nobody, or an
 * inactive customer (the desk does not sell to one either), is an error on its row. A receipt
 * whose rows name its customer in different ways (groupLines' otherCustomers: her email on one
 * row, her phone on another) is hers when every cell finds her; cells finding two customers are
 * an error on the later row, naming both.
 * Answers each customer's account, read on `db` (the save's transaction: its balance moves there).
 */
export async function matchCustomers(
  db: Knex,
  drafts: readonly ReceiptDraft[],
  country: string,
  issues: ImportIssue[],
  /** Between slices of accounts read (CheckProgress.pause): a file may name thousands of customers. */
  pause?: () => Promise<void>,
): Promise<Map<string, CustomerAccount>> {
  const keys = new Map<string, { phone?: string; email?: string }>()
  for (const draft of drafts) {
    for (const cell of [draft.customer, ...draft.otherCustomers.map((o) => o.cell)]) {
      if (cell === '' || keys.has(cell)) continue
      const key = keyOf(cell, country)
      if (key) keys.set(cell, key)
    }
  }
  const matches = new SavedMatches(db)
  await matches.lookUpKeys(keys.values())
  const ids = new Map<string, string>()
  for (const [cell, key] of keys) {
    const saved = found(matches, key)
    if (saved?.active) ids.set(cell, saved.id)
  }
  const accounts = new Map<string, CustomerAccount>()
  let read = 0
  for (const id of new Set(ids.values())) {
    const account = await findCustomerAccount(db, id)
    if (account) accounts.set(id, account)
    if (++read % SLICE === 0) await pause?.()
  }
  /** The cell's customer, or why it has none: an issue on `row`. */
  const matchCell = (row: number, cell: string): CustomerAccount | null => {
    const key = keys.get(cell)
    const saved = key && found(matches, key)
    const account = ids.has(cell) ? accounts.get(ids.get(cell)!) : undefined
    if (account) return account
    const message = !key
      ? 'Customer must be a phone number or an email address, or empty for a walk-in'
      : saved
        ? `Customer ${nameOf(saved)} is inactive: restore them first`
        : `No customer of this store has this ${key.email ? 'email' : 'phone'}: import or add the customer first, or leave the cell empty for a walk-in`
    issues.push({ row, kind: 'error', field: RECEIPT_COLUMN_LABELS.customer, value: cell, message })
    return null
  }
  const byCell = new Map<string, CustomerAccount>()
  for (const draft of drafts) {
    if (draft.customer === '') continue
    const account = matchCell(draft.row, draft.customer)
    if (account) byCell.set(draft.customer, account)
    else draft.bad = true
    for (const other of draft.otherCustomers) {
      const otherAccount = matchCell(other.row, other.cell)
      if (!otherAccount) draft.bad = true
      else if (account && otherAccount.id !== account.id) {
        const [first, second] = [found(matches, keys.get(draft.customer)!)!, found(matches, keys.get(other.cell)!)!]
        const message = `Receipt ${draft.number} is for customer ${nameOf(first)} on row ${draft.row}, this row names customer ${nameOf(second)}: its rows must name the same customer`
        issues.push({ row: other.row, kind: 'error', field: RECEIPT_COLUMN_LABELS.customer, value: other.cell, message })
        draft.bad = true
      }
    }
  }
  return byCell
}
