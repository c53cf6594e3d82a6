import type { Knex } from 'knex'
import { IMPORT_TARGET_LABELS, type ImportIssue } from '../../../contract/imports'
import { foldText } from '../fold'
import type { CheckedRow } from './rows'

/**
 * Likely duplicates (PRODUCT §1.14): the same phone, the same email, or the same name and
 * date of birth, as an earlier row of the file or as a customer already saved. They are
 * reported, not refused: two people may share a family phone.
 */
export interface Keys {
  phone: string | null
  email: string | null
  nameBirth: string | null
}

function keysOf(row: CheckedRow): Keys {
  const c = row.customer!
  const name = foldText([c.firstName, c.lastName].filter(Boolean).join(' '))
  return {
    phone: row.phone,
    email: c.email ? c.email.toLowerCase() : null,
    nameBirth: c.dateOfBirth ? `${name}|${c.dateOfBirth}` : null,
  }
}

export interface Saved {
  id: string
  customer_number: number
  first_name: string
  last_name: string | null
  phone: string | null
  email: string | null
  name_key: string
  date_of_birth: string | null
  active: number
}

const LABEL = { phone: 'Phone', email: 'Email', nameBirth: 'Name and date of birth' } as const
const WHAT = { phone: 'phone', email: 'email', nameBirth: 'name and date of birth' } as const

function savedName(s: Saved): string {
  return `#${s.customer_number} ${[s.first_name, s.last_name].filter(Boolean).join(' ')}${s.active ? '' : ' (inactive)'}`
}

/**
 * Customers already saved that share a key with a row, 500 values at a time, on the duplicate
 * check's own partial indexes (migration 20261202750000: phone, lower(email), name key + birth
 * date, live customers only): a customer merged away or erased is never named.
 */
const LIVE = 'erased_at IS NULL AND merged_into IS NULL'
const LOOKUPS = {
  phone: { index: 'customers_dup_phone', where: (n: number) => `phone IN (${marks(n)}) AND phone IS NOT NULL`, params: (keys: string[]) => keys, key: (s: Saved) => s.phone },
  email: { index: 'customers_dup_email', where: (n: number) => `lower(email) IN (${marks(n)}) AND email IS NOT NULL`, params: (keys: string[]) => keys, key: (s: Saved) => s.email?.toLowerCase() ?? null },
  // The name and the date together: a common name alone matches thousands of saved customers.
  nameBirth: {
    index: 'customers_dup_birth',
    where: (n: number) => `(name_key, date_of_birth) IN (VALUES ${Array(n).fill('(?, ?)').join(', ')}) AND date_of_birth IS NOT NULL`,
    params: (keys: string[]) => keys.flatMap((key) => [key.slice(0, key.lastIndexOf('|')), key.slice(key.lastIndexOf('|') + 1)]),
    key: (s: Saved) => `${s.name_key}|${s.date_of_birth}`,
  },
} as const
const marks = (n: number) => Array(n).fill('?').join(', ')

/**
 * The saved customers sharing a key with the file's rows, looked up a slice of the file at a
 * time: the check asks for each slice's while it checks the next, so SQLite looks them up on
 * its own thread meanwhile instead of after the whole file. A value is asked for once (a common
 * name matches thousands of saved customers, and every slice holds it again). Which customer a
 * key names does not depend on the slices: each lookup returns every saved customer holding the
 * value, in the index's order, and the first is kept.
 */
export class SavedMatches {
  /** By `kind:key`. */
  readonly found = new Map<string, Saved>()
  private readonly asked = { phone: new Set<string>(), email: new Set<string>(), nameBirth: new Set<string>() }

  constructor(private readonly db: Knex) {}

  lookUp(rows: readonly CheckedRow[]): Promise<void> {
    return this.lookUpKeys(rows.filter((row) => row.customer).map(keysOf))
  }

  /** The saved customers holding these keys (a receipt import's customer column: a phone or an email). */
  async lookUpKeys(keyList: Iterable<Partial<Keys>>): Promise<void> {
    const values = { phone: new Set<string>(), email: new Set<string>(), nameBirth: new Set<string>() }
    const add = (kind: keyof typeof values, value: string | null | undefined) => {
      if (value && !this.asked[kind].has(value)) {
        this.asked[kind].add(value)
        values[kind].add(value)
      }
    }
    for (const keys of keyList) {
      add('phone', keys.phone)
      add('email', keys.email)
      add('nameBirth', keys.nameBirth)
    }
    // Sent together: the connection takes them one after another, each sent as the one before
    // ends, without waiting for the check to give the event loop a turn between them.
    const lookups: Promise<void>[] = []
    for (const kind of ['phone', 'email', 'nameBirth'] as const) {
      const { index, where, params, key } = LOOKUPS[kind]
      const list = [...values[kind]]
      for (let i = 0; i < list.length; i += 500) {
        const chunk = list.slice(i, i + 500)
        const query = this.db.raw(
          `SELECT id, customer_number, first_name, last_name, phone, email, name_key, date_of_birth, active FROM customers INDEXED BY ${index} WHERE ${where(chunk.length)} AND ${LIVE}`,
          params(chunk),
        ) as unknown as Promise<Saved[]>
        // A value is in one chunk of its kind only: which query ends first changes nothing.
        lookups.push(
          query.then((saved) => {
            for (const s of saved) {
              const k = `${kind}:${key(s)}`
              if (!this.found.has(k)) this.found.set(k, s)
            }
          }),
        )
      }
    }
    // Every query ended before this one answers, a failed one too: nothing is left running.
    const failed = (await Promise.allSettled(lookups)).find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
  }
}

/**
 * A row that matches a customer already saved brings no opening balance, though it is saved (a
 * likely duplicate is imported unless left out). Importing a file again, or the same people from
 * a second export, would otherwise give each of them their points a second time, on a second
 * record the store may later merge into the first (balances add up). Setting the saved
 * customer's balance to the file's figure instead would undo what they earned and spent since,
 * and would change a customer the row does not write. If the row is someone else (a family's
 * shared phone), the note says so and their points are added with Loyalty.
 */
function keepPointsOnce(row: CheckedRow, match: Saved): void {
  const points = row.customer!.openingPoints
  if (!points) return
  delete row.customer!.openingPoints
  row.issues.push({
    row: row.line,
    kind: 'note',
    field: IMPORT_TARGET_LABELS.loyaltyPoints,
    value: String(points),
    message: `Points not brought in: customer ${savedName(match)} is already saved and may hold them. If this is someone else, add them with Loyalty`,
  })
}

export function markDuplicates(rows: readonly CheckedRow[], { found: saved }: SavedMatches): Set<number> {
  const valid = rows.filter((r) => r.customer)
  const firstRow = new Map<string, number>()
  const duplicates = new Set<number>()
  for (const row of valid) {
    const keys = keysOf(row)
    let savedMatch: Saved | undefined
    for (const kind of ['phone', 'email', 'nameBirth'] as const) {
      if (!keys[kind]) continue
      // One key string per row and rule, and the issue's text only for a row that has one: most rows have none.
      const key = `${kind}:${keys[kind]}`
      const match = saved.get(key)
      const earlier = firstRow.get(key)
      if (earlier === undefined) firstRow.set(key, row.line)
      if (!match && earlier === undefined) continue
      const c = row.customer!
      const value = kind === 'phone' ? c.phone : kind === 'email' ? c.email : `${c.firstName} ${c.lastName}, ${c.dateOfBirth}`
      const issue = (message: string): ImportIssue => ({ row: row.line, kind: 'duplicate', field: LABEL[kind], value, message })
      if (match) row.issues.push(issue(`Same ${WHAT[kind]} as customer ${savedName(match)}`))
      if (earlier !== undefined) row.issues.push(issue(`Same ${WHAT[kind]} as row ${earlier} of this file`))
      duplicates.add(row.line)
      savedMatch ??= match
    }
    if (savedMatch) keepPointsOnce(row, savedMatch)
  }
  return duplicates
}
