import type { Knex } from 'knex'
import type { ImportIssue } from '../../../contract/imports'
import { foldText } from '../fold'
import type { CheckedRow } from './rows'

/**
 * Likely duplicates (PRODUCT §1.14): the same phone, the same email, or the same name and
 * date of birth, as an earlier row of the file or as a customer already saved. They are
 * reported, not refused: two people may share a family phone.
 */
interface Keys {
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

interface Saved {
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

/** Customers already saved that share a key with a row: indexed lookups (phone, email, name key), 500 values at a time. */
async function savedMatches(db: Knex, rows: readonly CheckedRow[], yieldNow: () => Promise<void>): Promise<Map<string, Saved>> {
  const phones = new Set<string>()
  const emails = new Set<string>()
  const names = new Set<string>()
  for (const row of rows) {
    const keys = keysOf(row)
    if (keys.phone) phones.add(keys.phone)
    if (keys.email) {
      emails.add(keys.email)
      emails.add(row.customer!.email)
    }
    if (keys.nameBirth) names.add(keys.nameBirth.split('|')[0])
  }
  const found = new Map<string, Saved>()
  const columns = ['customer_number', 'first_name', 'last_name', 'phone', 'email', 'name_key', 'date_of_birth', 'active']
  const lookup = async (column: string, values: Set<string>) => {
    const list = [...values]
    for (let i = 0; i < list.length; i += 500) {
      const saved: Saved[] = await db('customers').select(columns).whereIn(column, list.slice(i, i + 500)).whereNull('erased_at')
      for (const s of saved) {
        if (column === 'phone' && s.phone) found.set(`phone:${s.phone}`, found.get(`phone:${s.phone}`) ?? s)
        if (column === 'email' && s.email) found.set(`email:${s.email.toLowerCase()}`, found.get(`email:${s.email.toLowerCase()}`) ?? s)
        if (column === 'name_key' && s.date_of_birth) found.set(`nameBirth:${s.name_key}|${s.date_of_birth}`, found.get(`nameBirth:${s.name_key}|${s.date_of_birth}`) ?? s)
      }
      await yieldNow()
    }
  }
  await lookup('phone', phones)
  await lookup('email', emails)
  await lookup('name_key', names)
  return found
}

/** Adds a 'duplicate' issue to every row that shares a key with an earlier row or a saved customer; returns the rows that do. */
export async function findDuplicates(db: Knex, rows: readonly CheckedRow[], yieldNow: () => Promise<void>): Promise<Set<number>> {
  const valid = rows.filter((r) => r.customer)
  const saved = await savedMatches(db, valid, yieldNow)
  const firstRow = new Map<string, number>()
  const duplicates = new Set<number>()
  for (const row of valid) {
    const keys = keysOf(row)
    for (const kind of ['phone', 'email', 'nameBirth'] as const) {
      const key = keys[kind]
      if (!key) continue
      const value = kind === 'phone' ? row.customer!.phone : kind === 'email' ? row.customer!.email : `${row.customer!.firstName} ${row.customer!.lastName}, ${row.customer!.dateOfBirth}`
      const match = saved.get(`${kind}:${key}`)
      const earlier = firstRow.get(`${kind}:${key}`)
      const issue = (message: string): ImportIssue => ({ row: row.line, kind: 'duplicate', field: LABEL[kind], value, message })
      if (match) row.issues.push(issue(`Same ${WHAT[kind]} as customer ${savedName(match)}`))
      if (earlier !== undefined) row.issues.push(issue(`Same ${WHAT[kind]} as row ${earlier} of this file`))
      else firstRow.set(`${kind}:${key}`, row.line)
      if (match || earlier !== undefined) duplicates.add(row.line)
    }
  }
  return duplicates
}
