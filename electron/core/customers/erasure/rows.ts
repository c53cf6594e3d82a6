import type { Knex } from 'knex'
import { CLAIM_KINDS, settleClaims, type ClaimKind } from '../claims'
import { FIELD_COLUMNS } from '../columns'
import { DERIVED_COLUMNS } from '../derived'
import { eraseCustomerReceiptEmails } from '../../mail/receipt-emails'
import { CUSTOMER_ROW_TABLES } from '../../sync/about-customer'
import { eraseFromInbox } from './inbox'

/**
 * What erasing a customer clears on their row: every field of the form, the password, the
 * derived search keys and the caches that quote them. The row itself stays as a tombstone
 * (id, store, number, dates) so sync cannot bring the customer back.
 */
function clearedColumns(): Record<string, unknown> {
  const cleared: Record<string, unknown> = {}
  for (const column of Object.values(FIELD_COLUMNS)) cleared[column] = null
  for (const column of DERIVED_COLUMNS) cleared[column] = null
  return {
    ...cleared,
    first_name: '',
    name_key: '',
    search_text: '',
    sms_opt_in: false,
    email_opt_in: false,
    loyalty_enrolled: false,
    assigned_staff_ids: '[]',
    store_ids: '[]',
    password_hash: null,
    flagged: false,
    flag_reason: null,
    loyalty_points: 0,
    last_loyalty_reason: null,
    // The search words of customers merged into this one (customers/merge): theirs are personal too.
    merged_text: null,
  }
}

/**
 * Rows about the customer that may quote them (reasons, comments, notes) or say where they
 * were when (visits, deals, appointments): removed with their log entries, children before
 * the rows they point at.
 */
const PERSONAL_HISTORY_TABLES = [
  'flag_events',
  'loyalty_ledger',
  'feedback',
  'visit_checkouts',
  'visits',
  'deal_events',
  'appointment_events',
  'appointments',
  'deals',
] as const

/** Tables and columns of this database (a backup may be of an older schema). */
async function schemaOf(db: Knex): Promise<Map<string, Set<string>>> {
  const tables: { name: string }[] = await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")
  const schema = new Map<string, Set<string>>()
  for (const { name } of tables) {
    const columns: { name: string }[] = await db.raw(`PRAGMA table_info(${JSON.stringify(name)})`)
    schema.set(name, new Set(columns.map((c) => c.name)))
  }
  return schema
}

/**
 * Removes a customer's personal data from one database, with plain statements (a tracked
 * write would copy the old values into the log): the row's personal columns, the photo, flag
 * events, points ledger, feedback, visits, deals and appointments (with their notes) and their
 * change-log entries, the customer's own change-log entries, and free text about them on their
 * receipts (void reasons, payment references), in the receipts' rows and in their logged
 * copies, and the addresses their receipts were emailed to; and what other stores sent about
 * them that waits in the inbox (sync/apply.ts). Receipts stay: they are the
 * store's accounts. Works on the live database (in the erase's transaction) and on a backup of
 * an older schema alike: only tables and columns that exist are touched.
 */
export async function eraseCustomerRows(db: Knex, customerId: string): Promise<ErasedUnit[]> {
  const schema = await schemaOf(db)
  const has = (table: string, column?: string) => schema.has(table) && (!column || schema.get(table)!.has(column))
  const units = has('change_log', 'tx') && has('erased_units') ? await unitsLosingEntries(db, customerId, has('erased_entries')) : []
  for (const table of PERSONAL_HISTORY_TABLES) {
    if (!has(table, 'customer_id')) continue
    const ids = db(table).select('id').where({ customer_id: customerId })
    if (has('change_log')) await db('change_log').where({ table_name: table }).whereIn('row_id', ids).delete()
    // A request that made one of these rows: its digest is of what was typed about them.
    if (has('command_requests')) await db('command_requests').whereIn('row_id', ids).delete()
    await db(table).where({ customer_id: customerId }).delete()
  }
  if (has('command_requests')) await db('command_requests').where({ row_id: customerId }).delete()
  if (has('change_log')) {
    const own = db('change_log').whereIn('table_name', CUSTOMER_ROW_TABLES).andWhere({ row_id: customerId })
    // Erase entries stay: they hold nothing personal, and they tell other stores the customer is
    // gone and which entries will never come (an erase applied here may not be pushed yet).
    if (has('change_log', 'op')) own.whereNot({ op: 'erase' })
    // Nor a merge's pointer: it holds nothing personal and says where the customer's receipts belong (customers/merge).
    if (has('change_log', 'field')) own.whereRaw("NOT (table_name = 'customers' AND field IS 'merged_into')")
    await own.delete()
  }
  for (const table of ['customer_stores', 'customer_staff']) if (has(table)) await db(table).where({ customer_id: customerId }).delete()
  const claimed: { kind: ClaimKind; value_key: string }[] = has('customer_claims') ? await db('customer_claims').select('kind', 'value_key').whereIn('kind', CLAIM_KINDS).where({ customer_id: customerId }) : []
  if (has('customer_claims')) await db('customer_claims').whereIn('kind', CLAIM_KINDS).where({ customer_id: customerId }).delete()
  if (has('sync_conflicts')) await db('sync_conflicts').where({ loser_id: customerId }).orWhere({ winner_id: customerId }).delete()
  // What they held goes to the next claimant (as at a store that never saw their claim), wherever the erase applies.
  if (has('sync_conflicts')) for (const claim of claimed) await settleClaims(db, claim.kind, claim.value_key, new Date().toISOString())
  if (has('customer_photos', 'photo_hash')) await removePhotoBlob(db, customerId)
  if (has('customer_photos')) await db('customer_photos').where({ id: customerId }).delete()
  if (has('receipts', 'customer_id')) await clearReceiptText(db, customerId, has)
  await eraseCustomerReceiptEmails(db, customerId, has)
  if (has('erased_entries')) for (const unit of units) await recordErasedUnit(db, unit)
  if (has('sync_inbox') && has('erased_entries')) await eraseFromInbox(db, customerId)
  if (has('customers')) {
    const columns = schema.get('customers')!
    const cleared = Object.fromEntries(Object.entries(clearedColumns()).filter(([column]) => columns.has(column)))
    await db('customers').where({ id: customerId }).update(cleared)
  }
  return units
}

/**
 * A command's entries apply together at other stores: a sale's receipt with its points. When
 * an erase removes some entries of such a unit (the points) and keeps others (the receipt),
 * other stores must not wait for the removed ones: the erase names them, per unit, by id (the
 * count `removed` is for apps that read only that).
 */
export interface ErasedUnit {
  tx: string
  removed: number
  ids?: string[]
}


/**
 * The units that lose entries about the customer and keep others, with the ids they lose that
 * this database did not know were gone (from an erase entry applied or written before).
 */
async function unitsLosingEntries(db: Knex, customerId: string, hasIds: boolean): Promise<ErasedUnit[]> {
  const personal = PERSONAL_HISTORY_TABLES.map((t) => `(table_name = '${t}' AND row_id IN (SELECT id FROM ${t} WHERE customer_id = ?))`)
  const own = `(table_name IN (${CUSTOMER_ROW_TABLES.map(() => '?').join(', ')}) AND row_id = ? AND op <> 'erase' AND NOT (table_name = 'customers' AND field IS 'merged_into'))`
  const rows: { id: string; tx: string; tx_size: number }[] = await db.raw(
    `SELECT id, tx, tx_size FROM change_log WHERE ${[...personal, own].join(' OR ')}`,
    [...PERSONAL_HISTORY_TABLES.map(() => customerId), ...CUSTOMER_ROW_TABLES, customerId],
  )
  const byTx = new Map<string, { size: number; ids: string[] }>()
  for (const row of rows) {
    const unit = byTx.get(row.tx)
    if (unit) unit.ids.push(row.id)
    else byTx.set(row.tx, { size: Number(row.tx_size), ids: [row.id] })
  }
  const kept: ErasedUnit[] = []
  for (const [tx, { size, ids }] of byTx) {
    const counted = (await db('erased_units').where({ tx }).first())?.removed ?? 0
    const known = new Set<string>(hasIds ? await db('erased_entries').where({ tx }).pluck('entry_id') : [])
    const fresh = ids.filter((id) => !known.has(id))
    if (fresh.length && fresh.length + known.size + counted < size) kept.push({ tx, removed: fresh.length, ids: fresh })
  }
  return kept
}

/** Remembers the entries a unit lost to an erase (by id; an old tombstone's by count, and several add up). */
export async function recordErasedUnit(db: Knex, unit: ErasedUnit): Promise<void> {
  if (!unit.ids) {
    await db.raw('INSERT INTO erased_units (tx, removed) VALUES (?, ?) ON CONFLICT (tx) DO UPDATE SET removed = removed + excluded.removed', [unit.tx, unit.removed])
    return
  }
  for (let i = 0; i < unit.ids.length; i += 400) {
    const ids = unit.ids.slice(i, i + 400)
    await db.raw(`INSERT OR IGNORE INTO erased_entries (tx, entry_id) VALUES ${ids.map(() => '(?, ?)').join(', ')}`, ids.flatMap((id) => [unit.tx, id]))
  }
}

/** The photo's bytes go with it, unless another customer's photo is the very same image. */
async function removePhotoBlob(db: Knex, customerId: string): Promise<void> {
  const photo = await db('customer_photos').where({ id: customerId }).first('photo_hash')
  if (!photo?.photo_hash) return
  const shared = await db('customer_photos').where({ photo_hash: photo.photo_hash }).whereNot({ id: customerId }).first('id')
  if (!shared) await db('blobs').where({ hash: photo.photo_hash }).delete()
}

/** What stays of an erased customer, on every store: who they were to the store's books, nothing personal. */
export interface Tombstone {
  store_id: string
  customer_number: number
  created_at: string
  erased_at: string
  /** Units that kept some entries and lost others to this erase. */
  units?: ErasedUnit[]
}

export function tombstoneOf(row: { store_id: string; customer_number: number; created_at: string }, erasedAt: string, units: ErasedUnit[]): Tombstone {
  return { store_id: row.store_id, customer_number: row.customer_number, created_at: row.created_at, erased_at: erasedAt, ...(units.length ? { units } : {}) }
}

/** The row as a tombstone: inactive, marked erased (personal columns were cleared by eraseCustomerRows). */
export async function markErased(db: Knex, customerId: string, tombstone: Tombstone): Promise<void> {
  await db('customers').where({ id: customerId }).update({ active: false, erased_at: tombstone.erased_at, updated_at: tombstone.erased_at })
}

/** A logged receipt or payment without the free text that may quote the customer (the old format had payments as rows of their own). */
export function withoutFreeText(json: string): string {
  const value = JSON.parse(json) as Record<string, unknown>
  if ('void_reason' in value) value.void_reason = null
  if ('reference' in value) value.reference = null
  if (Array.isArray(value.receipt_payments)) value.receipt_payments = value.receipt_payments.map((p: Record<string, unknown>) => ({ ...p, reference: null }))
  return JSON.stringify(value)
}

/** Void reasons and payment references on the customer's receipts may quote them: cleared, in the rows and in their logged copies. */
async function clearReceiptText(db: Knex, customerId: string, has: (table: string, column?: string) => boolean): Promise<void> {
  const receiptIds: string[] = await db('receipts').where({ customer_id: customerId }).pluck('id')
  if (receiptIds.length === 0) return
  const paymentIds: string[] = has('receipt_payments') ? await db('receipt_payments').whereIn('receipt_id', receiptIds).pluck('id') : []
  if (has('receipts', 'void_reason')) await db('receipts').whereIn('id', receiptIds).whereNotNull('void_reason').update({ void_reason: null })
  if (has('receipt_payments', 'reference')) await db('receipt_payments').whereIn('id', paymentIds).update({ reference: null })
  if (!has('change_log')) return
  // The log's value column is `value` since the sync-ready schema, `new_value` before it.
  const column = has('change_log', 'value') ? 'value' : 'new_value'
  const logged: { id: string; text: string | null }[] = await db('change_log')
    .select('id', `${column} as text`)
    .whereIn('table_name', ['receipts', 'receipt_payments'])
    .whereIn('row_id', [...receiptIds, ...paymentIds])
  for (const entry of logged) {
    if (!entry.text || entry.text[0] !== '{') continue
    await db('change_log').where({ id: entry.id }).update({ [column]: withoutFreeText(entry.text) })
  }
}
