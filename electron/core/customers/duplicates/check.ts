import type { ParsedInput } from '../../../contract'
import type { DuplicateReason } from '../../../contract/duplicates'
import type { CommandContext } from '../../context'
import { foldText } from '../fold'
import { parsePhone } from '../phone'
import { localStore } from '../present'
import { duplicateCustomers } from './present'

/**
 * The customers a form's values would duplicate (PRODUCT §1.14): the same phone (as stored,
 * E.164), the same email (any capitals), or the same name and date of birth. Each rule is one
 * lookup on its own partial index (migration 20261202750000), fast at a million customers.
 * Merged and erased customers are not in those indexes, so they are never named.
 */
const LIVE = 'erased_at IS NULL AND merged_into IS NULL'
const MAX_NAMED = 10

export async function check(ctx: CommandContext, input: ParsedInput<'duplicates:check'>) {
  const store = await localStore(ctx)
  const except = input.id ?? ''
  const found = new Map<string, DuplicateReason[]>()
  const add = (ids: string[], reason: DuplicateReason) => {
    for (const id of ids) found.set(id, [...(found.get(id) ?? []), reason])
  }
  const lookup = (index: string, where: string, values: string[]): Promise<string[]> =>
    ctx.db
      .raw(`SELECT id FROM customers INDEXED BY ${index} WHERE ${where} AND ${LIVE} AND id <> ? LIMIT ${MAX_NAMED}`, [...values, except])
      .then((rows: { id: string }[]) => rows.map((r) => r.id))
  const phone = input.phone ? parsePhone(input.phone, store.country) : null
  if (phone) add(await lookup('customers_dup_phone', 'phone = ? AND phone IS NOT NULL', [phone.number]), 'phone')
  if (input.email) add(await lookup('customers_dup_email', 'lower(email) = ? AND email IS NOT NULL', [input.email.toLowerCase()]), 'email')
  const name = foldText([input.firstName ?? '', input.lastName].filter(Boolean).join(' '))
  if (name && input.dateOfBirth) {
    add(await lookup('customers_dup_birth', 'name_key = ? AND date_of_birth = ? AND date_of_birth IS NOT NULL', [name, input.dateOfBirth]), 'nameBirth')
  }
  const shown = await duplicateCustomers(ctx.db, [...found.keys()], store.country)
  return [...found]
    .slice(0, MAX_NAMED)
    .flatMap(([id, reasons]) => {
      const customer = shown.get(id)
      return customer ? [{ ...customer, reasons }] : []
    })
}
