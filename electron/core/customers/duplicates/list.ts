import type { ParsedInput } from '../../../contract'
import { DUPLICATE_REASONS, type DuplicateReason } from '../../../contract/duplicates'
import type { CommandContext } from '../../context'
import { decodeCursor, encodeCursor } from '../../db/keyset'
import { fieldError } from '../../errors'
import { localStore } from '../present'
import { duplicateCustomers } from './present'

/**
 * Possible duplicates over the whole database (PRODUCT §1.14), as pairs: customers with the
 * same phone, then the same email, then the same name and date of birth. Each rule walks its
 * partial index (migration 20261202750000) in key order and groups equal keys, so a page
 * stops as soon as it has its groups: keyset-paged by (rule, key), never an offset.
 * A group of n customers shows as n − 1 pairs (its first customer with each other one, up to
 * MAX_PAIRS_PER_GROUP): merging them one by one leaves one customer.
 */
const LIVE = 'erased_at IS NULL AND merged_into IS NULL'
const MAX_PAIRS_PER_GROUP = 20

interface Rule {
  index: string
  /** The key expressions, in index order. */
  keys: string[]
  where: string
}

const RULES: Record<DuplicateReason, Rule> = {
  phone: { index: 'customers_dup_phone', keys: ['phone'], where: 'phone IS NOT NULL' },
  email: { index: 'customers_dup_email', keys: ['lower(email)'], where: 'email IS NOT NULL' },
  nameBirth: { index: 'customers_dup_birth', keys: ['name_key', 'date_of_birth'], where: 'date_of_birth IS NOT NULL' },
}

interface Group {
  reason: DuplicateReason
  key: string[]
  ids: string[]
}

async function groupsAfter(ctx: CommandContext, reason: DuplicateReason, after: string[] | null, limit: number): Promise<Group[]> {
  const rule = RULES[reason]
  const keys = rule.keys.map((k, i) => `${k} AS k${i}`).join(', ')
  const tuple = rule.keys.length === 1 ? rule.keys[0] : `(${rule.keys.join(', ')})`
  const placeholders = rule.keys.length === 1 ? '?' : `(${rule.keys.map(() => '?').join(', ')})`
  const from = after ? `AND ${tuple} > ${placeholders}` : ''
  const rows: (Record<string, string> & { ids: string })[] = await ctx.db.raw(
    `SELECT ${keys}, group_concat(id, ' ') AS ids FROM customers INDEXED BY ${rule.index}
     WHERE ${rule.where} AND ${LIVE} ${from}
     GROUP BY ${rule.keys.join(', ')} HAVING count(*) > 1 ORDER BY ${rule.keys.join(', ')} LIMIT ?`,
    [...(after ?? []), limit],
  )
  return rows.map((row) => ({ reason, key: rule.keys.map((_, i) => String(row[`k${i}`])), ids: row.ids.split(' ').sort() }))
}

function readCursor(after: string | null): { reason: DuplicateReason; key: string[] } | null {
  if (!after) return null
  const [reason, ...key] = decodeCursor(after, 3)
  if (!(DUPLICATE_REASONS as readonly string[]).includes(reason)) throw fieldError('after', 'This page link is no longer valid; start from the first page')
  const r = reason as DuplicateReason
  return { reason: r, key: key.slice(0, RULES[r].keys.length) }
}

export async function list(ctx: CommandContext, input: ParsedInput<'duplicates:list'>) {
  const start = readCursor(input.after)
  const groups: Group[] = []
  let pairs = 0
  let more = false
  const reasons = DUPLICATE_REASONS.slice(start ? DUPLICATE_REASONS.indexOf(start.reason) : 0)
  for (const reason of reasons) {
    const after = start && reason === start.reason ? start.key : null
    // One group more than can fit tells whether there is a next page.
    for (const group of await groupsAfter(ctx, reason, after, input.limit + 1)) {
      if (pairs >= input.limit) {
        more = true
        break
      }
      groups.push(group)
      pairs += Math.min(group.ids.length - 1, MAX_PAIRS_PER_GROUP)
    }
    if (more) break
  }
  const store = await localStore(ctx)
  const shown = await duplicateCustomers(ctx.db, groups.flatMap((g) => g.ids.slice(0, MAX_PAIRS_PER_GROUP + 1)), store.country)
  const out = groups.flatMap((g) =>
    g.ids.slice(1, MAX_PAIRS_PER_GROUP + 1).flatMap((id) => {
      const a = shown.get(g.ids[0])
      const b = shown.get(id)
      return a && b ? [{ reason: g.reason, a, b }] : []
    }),
  )
  const last = groups.at(-1)
  const nextCursor = more && last ? encodeCursor([last.reason, ...last.key, ...(last.key.length === 1 ? [''] : [])]) : null
  return { pairs: out, nextCursor }
}
