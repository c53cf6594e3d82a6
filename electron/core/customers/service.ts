import type { ParsedInput } from '../../contract'
import type { CustomerDetail } from '../../contract/customers'
import { hashSecret } from '../auth/kdf'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { fieldError } from '../errors'
import { newId } from '../ids'
import { localDateOf } from '../time/local-dates'
import { derivedColumns } from './derived'
import { survivorOf } from './merge/family'
import { mergedAway } from './merge/merged-away'
import { readForm, type CustomerFieldsInput, type FormWrite } from './form'
import { requireCustomer } from './lookup'
import { savePhoto } from './photos'
import { customerDetail, localStore } from './present'
import { CLAIM_COLUMN, claimHolder } from './claims'
import { changedSince, currentMembers, guardMergedLists, shownMembers } from './changes'
import { insertCustomer, nextCustomerNumber, updateCustomer, type CustomerRow } from './repo'

/** A merged customer opens as the one it was merged into (its id differs: the page follows it). */
export async function get(ctx: CommandContext, input: ParsedInput<'customers:get'>): Promise<CustomerDetail> {
  return customerDetail(ctx, await requireCustomer(ctx.db, await survivorOf(ctx.db, input.id)))
}

/** Reads the form against the store's rules; the password is hashed here, before any transaction. */
async function prepareSave(ctx: CommandContext, input: CustomerFieldsInput, before?: CustomerRow) {
  const store = await localStore(ctx)
  const form = await readForm(ctx.db, input, { store, today: localDateOf(ctx.now(), store.time_zone), before })
  const passwordHash = input.password === '' ? undefined : await hashSecret(input.password, ctx.kdf)
  return { form, passwordHash }
}

/**
 * A username or gift card number another customer holds is refused when typed (sync settles
 * the offline case: claims.ts). A card written another way ("1234 5678" for "12345678") is
 * the same card: the message names it as the other customer has it, so the refusal makes sense.
 */
async function guardUnique(w: Writer, columns: Partial<CustomerRow>, customerId: string): Promise<void> {
  for (const [kind, field, what] of [
    ['username', 'username', 'username'],
    ['gift_card', 'giftCardNumber', 'gift card number'],
  ] as const) {
    const value = columns[CLAIM_COLUMN[kind]]
    if (typeof value !== 'string') continue
    const holder = await claimHolder(w.trx, kind, value)
    if (!holder || holder.customerId === customerId) continue
    const asHeld = kind === 'gift_card' && holder.value !== value ? `: another customer has ${holder.value} (spaces, dashes, dots and capitals make no difference)` : ''
    throw fieldError(field, `That ${what} is already taken${asHeld}`, 'CONFLICT')
  }
}

async function writePhoto(w: Writer, customerId: string, form: FormWrite): Promise<void> {
  if (form.photo !== undefined) await savePhoto(w, customerId, form.photo)
}

/** Values equal to the column's default (null, false, no ids) stay out of a new row, so the log holds only what was typed. */
function withoutDefaults<T extends object>(columns: T): Partial<T> {
  const isDefault = (value: unknown) => value === null || value === undefined || value === false || value === '[]'
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => !isDefault(value))) as Partial<T>
}

/** The new customer's row, its photo and its claims, in the command's transaction; answers its id. */
async function insertNew(w: Writer, storeId: string, id: string, form: FormWrite, passwordHash: string | undefined): Promise<string> {
  await guardUnique(w, form.columns, id)
  const customerNumber = await nextCustomerNumber(w.trx, storeId)
  const fields = { ...form.columns, password_hash: passwordHash ?? null } as CustomerRow
  const row = {
    id,
    store_id: storeId,
    customer_number: customerNumber,
    ...withoutDefaults(fields),
    active: true,
    created_at: w.at,
    updated_at: w.at,
    ...derivedColumns({ ...fields, customer_number: customerNumber }, form.parsedPhone),
  }
  await insertCustomer(w, row)
  await writePhoto(w, id, form)
  return id
}

/**
 * A request saved before (its draft put back after a lost answer or a crash, sent again) is
 * answered with the customer it made, as they are now, instead of a second customer.
 */
export async function create(ctx: CommandContext, input: ParsedInput<'customers:create'>): Promise<CustomerDetail> {
  const storeId = requireStoreId(ctx)
  const { form, passwordHash } = await prepareSave(ctx, input)
  const request = commandRequest('customers:create', input)
  const id = await transact(ctx, storeId, (w) => savedOnce(w, request, () => insertNew(w, storeId, newId(), form, passwordHash)))
  return customerDetail(ctx, await requireCustomer(ctx.db, id))
}

export async function update(ctx: CommandContext, input: ParsedInput<'customers:update'>): Promise<CustomerDetail> {
  const storeId = requireStoreId(ctx)
  const { loaded, ...fields } = input
  const { form, passwordHash } = await prepareSave(ctx, fields, await requireCustomer(ctx.db, input.id))
  await transact(ctx, storeId, async (w) => {
    // Read again inside the transaction: another command (or another store's sync) may have run since.
    const before = await requireCustomer(w.trx, input.id)
    if (before.username !== null && form.columns.username !== undefined) {
      throw fieldError('username', 'The username cannot be changed once saved')
    }
    const shown = shownMembers(before)
    const changed = changedSince(fields, loaded, form.columns, await currentMembers(w.trx, input.id), shown)
    await guardMergedLists(w.trx, changed, shown)
    await guardUnique(w, changed, input.id)
    const columns = passwordHash ? { ...changed, password_hash: passwordHash } : changed
    await updateCustomer(w, input.id, { ...columns, ...derivedColumns({ ...before, ...columns }, form.parsedPhone) })
    await writePhoto(w, input.id, form)
  })
  // An edit of a merged customer (a form opened before the merge) landed on its survivor (settleWritten): answer that one, as customers:get would.
  return customerDetail(ctx, await requireCustomer(ctx.db, await survivorOf(ctx.db, input.id)))
}

async function setActive(ctx: CommandContext, id: string, active: boolean): Promise<CustomerDetail> {
  await transact(ctx, requireStoreId(ctx), async (w) => {
    const row = await requireCustomer(w.trx, id)
    // A merged customer is a tombstone of its survivor: it is not brought back on its own.
    if (row.merged_into) throw await mergedAway(w.trx, id)
    await updateCustomer(w, id, { active })
  })
  return customerDetail(ctx, await requireCustomer(ctx.db, id))
}

/** Deletion by default: a tombstone, hidden from the table, restorable from the inactive filter. */
export function inactivate(ctx: CommandContext, input: ParsedInput<'customers:inactivate'>): Promise<CustomerDetail> {
  return setActive(ctx, input.id, false)
}

export function restore(ctx: CommandContext, input: ParsedInput<'customers:restore'>): Promise<CustomerDetail> {
  return setActive(ctx, input.id, true)
}

/** Users who can be assigned to a customer: active ones, who have a login. */
export async function staffOptions(ctx: CommandContext) {
  const rows = await ctx.db('users').select('id', 'display_name').where({ active: true }).orderBy('display_name')
  return rows.map((r: { id: string; display_name: string }) => ({ id: r.id, name: r.display_name }))
}
