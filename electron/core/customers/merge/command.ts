import type { ParsedInput } from '../../../contract'
import { MAX_ASSIGNED_STAFF, MAX_NOTES_LENGTH } from '../../../contract/customers'
import { joinedStaff, mergedNotes, type MergeField } from '../../../contract/duplicates'
import { requireStoreId, transact, type CommandContext } from '../../context'
import type { Writer } from '../../db/changelog'
import { AppError } from '../../errors'
import { FIELD_COLUMNS } from '../columns'
import { derivedColumns } from '../derived'
import { requireCustomer } from '../lookup'
import { findPhoto, savePhoto } from '../photos'
import { updateCustomer, userNames, type CustomerRow } from '../repo'
import { eraseMergedFamilies } from './erase-family'
import { keepFlag } from './keep-flag'
import { mergedAway } from './merged-away'
import { settleMerges } from './settle'

/**
 * Merges two customers (issue 11): one unit of ordinary entries, as sync/README.md decided.
 *
 * - the survivor's fields take the values chosen from the other (update entries), its notes
 *   are both customers' (the other's after its own), its stores and staff become both
 *   customers' (member adds; staff as the user chose when together they are more than a
 *   customer can have), a username or gift card number moves only when the survivor has none
 *   (released by the other first, so the claim follows). Nothing either customer had is
 *   dropped unasked: notes too long together, or too many staff with no choice, refuse the merge;
 * - the other gets `merged_into` and `active = false`: a tombstone pointing at the survivor;
 * - a flag on either side is written again on the survivor (keep-flag.ts), so it stays flagged;
 * - every row about the other (receipts, points, flag events, feedback, visits, deals,
 *   appointments) then moves to the survivor by settleMerges, which every store runs when it
 *   applies the `merged_into` entry (and for any row that arrives later naming the other),
 *   so a sale made offline to the merged customer lands on the survivor too.
 */
type Row = CustomerRow & Record<string, unknown>

/**
 * An inactive customer cannot take in an active one: the merged customer leaves the lists and
 * the one that stays is not in them, so a current customer would disappear from the desk.
 * Refused rather than made active, which would undo an inactivation without anyone asking.
 */
const inactiveSurvivor = () =>
  new AppError('CONFLICT', 'The customer that stays is inactive: restore them first, or let the other customer stay', { fields: { survivorId: 'This customer is inactive' } })

function union(first: string, second: string): string {
  return JSON.stringify([...new Set([...(JSON.parse(first) as string[]), ...(JSON.parse(second) as string[])])])
}

/**
 * Both customers' notes (mergedNotes). Cut to fit, the end of the merged customer's would be
 * lost without anyone seeing it; so a merge whose notes together are too long is refused, and
 * the user shortens them on either customer first (the merge screen says so before asking).
 */
function joinNotes(survivor: Row, merged: Row): Partial<CustomerRow> {
  const notes = mergedNotes(survivor.notes, merged.notes)
  if (notes === (survivor.notes ?? '')) return {}
  if (notes.length > MAX_NOTES_LENGTH) {
    throw new AppError(
      'CONFLICT',
      `Together the two customers' notes are ${notes.length} characters, more than the ${MAX_NOTES_LENGTH} a customer's notes can hold. Shorten the notes of either customer first, then merge.`,
      { fields: { notes: `${notes.length} characters together, at most ${MAX_NOTES_LENGTH}` } },
    )
  }
  return { notes }
}

/**
 * The staff the survivor keeps assigned: both customers', or, when together they are more
 * than a customer can have, the ones the user chose from them. Without a choice then, the
 * merge is refused naming them all, rather than dropping some unseen.
 */
async function keptStaff(w: Writer, survivor: Row, merged: Row, chosen: readonly string[] | undefined): Promise<string> {
  const both = joinedStaff(JSON.parse(survivor.assigned_staff_ids) as string[], JSON.parse(merged.assigned_staff_ids) as string[])
  if (chosen === undefined) {
    if (both.length <= MAX_ASSIGNED_STAFF) return JSON.stringify(both)
    const names = await userNames(w.trx, both)
    const listed = both.map((id) => names.get(id) ?? 'Unknown').join(', ')
    throw new AppError('VALIDATION', `Together these customers have ${both.length} assigned staff (${listed}) and a customer can have at most ${MAX_ASSIGNED_STAFF}: choose whom to keep`, {
      fields: { assignedStaffIds: `Choose at most ${MAX_ASSIGNED_STAFF} of ${listed}` },
    })
  }
  if (chosen.some((id) => !both.includes(id))) {
    throw new AppError('VALIDATION', 'Keep only staff assigned to one of the two customers', { fields: { assignedStaffIds: 'Choose from the staff of the two customers' } })
  }
  return JSON.stringify(both.filter((id) => chosen.includes(id)))
}

/** The survivor's new values: what was chosen from the merged customer, the notes and stores joined, the staff kept. */
function survivorPatch(survivor: Row, merged: Row, keep: Partial<Record<MergeField, 'survivor' | 'merged'>>, staff: string): Partial<CustomerRow> {
  const patch: Record<string, unknown> = {}
  for (const [field, side] of Object.entries(keep) as [MergeField, string][]) {
    if (side !== 'merged' || field === 'photo' || field === 'giftCardNumber') continue
    const column = FIELD_COLUMNS[field]
    patch[column] = merged[column]
  }
  Object.assign(patch, joinNotes(survivor, merged))
  patch.store_ids = union(survivor.store_ids, merged.store_ids)
  patch.assigned_staff_ids = staff
  return patch as Partial<CustomerRow>
}

/** A unique value (username, gift card number) moves by being released first, so the survivor's claim is the only one. */
async function moveUnique(w: Writer, survivor: Row, merged: Row, keep: Partial<Record<MergeField, string>>): Promise<Partial<CustomerRow>> {
  const taken: Partial<CustomerRow> = {}
  const release: Partial<CustomerRow> = {}
  if (keep.giftCardNumber === 'merged' && merged.gift_card_number && merged.gift_card_number !== survivor.gift_card_number) {
    release.gift_card_number = null
    taken.gift_card_number = merged.gift_card_number
  }
  if (!survivor.username && merged.username) {
    release.username = null
    release.password_hash = null
    taken.username = merged.username
    taken.password_hash = merged.password_hash
  }
  if (Object.keys(release).length) await updateCustomer(w, merged.id, release)
  return taken
}

export interface MergeChoices {
  keep: Partial<Record<MergeField, 'survivor' | 'merged'>>
  /** Whom the survivor keeps assigned, from both customers' staff (required when they are more than MAX_ASSIGNED_STAFF). */
  assignedStaffIds?: readonly string[]
}

export async function mergeCustomers(w: Writer, survivorId: string, mergedId: string, { keep, assignedStaffIds }: MergeChoices): Promise<void> {
  const survivor = (await requireCustomer(w.trx, survivorId)) as Row
  const merged = (await requireCustomer(w.trx, mergedId)) as Row
  // Either may have been merged away since the screen was opened: it is named with the customer it lives on in.
  if (survivor.merged_into) throw await mergedAway(w.trx, survivorId)
  if (merged.merged_into) throw await mergedAway(w.trx, mergedId)
  if (!survivor.active && merged.active) throw inactiveSurvivor()
  const staff = await keptStaff(w, survivor, merged, assignedStaffIds)
  const patch = { ...survivorPatch(survivor, merged, keep, staff), ...(await moveUnique(w, survivor, merged, keep)) }
  const after = { ...survivor, ...patch }
  await updateCustomer(w, survivorId, { ...patch, ...derivedColumns(after) })
  if (keep.photo === 'merged') {
    const photo = await findPhoto(w.trx, mergedId)
    await savePhoto(w, survivorId, photo?.photo ?? null)
  }
  await keepFlag(w, survivorId, mergedId)
  await updateCustomer(w, mergedId, { merged_into: survivorId, active: false })
  await eraseMergedFamilies(w, await settleMerges(w.trx, [mergedId]))
}

export async function merge(ctx: CommandContext, input: ParsedInput<'duplicates:merge'>) {
  await transact(ctx, requireStoreId(ctx), (w) => mergeCustomers(w, input.survivorId, input.mergedId, input))
  return { survivorId: input.survivorId }
}
