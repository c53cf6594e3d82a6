import type { Knex } from 'knex'
import { claimKey } from '../claims'
import type { CheckedRow } from './rows'

/**
 * Usernames and gift card numbers belong to one customer each, as on the form: a value an
 * earlier row or a saved customer holds makes the row an error (checked here so the report
 * names the row; the bulk writer refuses them again inside the transaction).
 */
export async function refuseTakenValues(db: Knex, rows: readonly CheckedRow[]): Promise<void> {
  for (const [kind, field, label] of [
    ['username', 'username', 'Username'],
    ['gift_card', 'giftCardNumber', 'Gift card number'],
  ] as const) {
    const first = new Map<string, number>()
    const withValue = rows.filter((r) => r.customer && r.customer[field])
    for (const row of withValue) {
      const key = claimKey(kind, row.customer![field])
      const earlier = first.get(key)
      if (earlier === undefined) first.set(key, row.line)
      else refuse(row, label, `Row ${earlier} of this file has the same ${label.toLowerCase()}`)
    }
    const keys = [...first.keys()]
    const held = new Set<string>()
    for (let i = 0; i < keys.length; i += 500) {
      const found: { value_key: string }[] = await db('customer_claims').select('value_key').where({ kind }).whereIn('value_key', keys.slice(i, i + 500))
      for (const f of found) held.add(f.value_key)
    }
    for (const row of withValue) {
      if (row.customer && held.has(claimKey(kind, row.customer[field]))) refuse(row, label, `Another customer already has this ${label.toLowerCase()}`)
    }
  }
}

function refuse(row: CheckedRow, label: string, message: string): void {
  const value = label === 'Username' ? row.customer!.username : row.customer!.giftCardNumber
  row.issues.push({ row: row.line, kind: 'error', field: label, value, message })
  row.customer = null
}
