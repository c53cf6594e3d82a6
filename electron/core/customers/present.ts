import type { Knex } from 'knex'
import type { CustomerDetail, CustomerRow as CustomerListRow } from '../../contract/customers'
import type { CommandContext } from '../context'
import type { StoreRow } from '../stores/repo'
import { cachedStore, storeRows } from '../stores/terms'
import { FIELD_COLUMNS, toFieldValue, type StoredField } from './columns'
import { flagState } from './flag-events'
import { customerLoyalty } from './loyalty'
import { formatPhone } from './phone'
import { findPhoto } from './photos'
import { userNames, type CustomerRow } from './repo'

const named = (ids: string[], names: Map<string, string>) => ids.map((id) => ({ id, name: names.get(id) ?? 'Unknown' }))

type ReadContext = Pick<CommandContext, 'db' | 'localStoreId' | 'readCache'>

export function localStore(ctx: ReadContext): Promise<StoreRow> {
  return cachedStore(ctx, ctx.localStoreId() ?? '')
}

/** Everything the edit form and the customer page show. */
export async function customerDetail(ctx: ReadContext, row: CustomerRow): Promise<CustomerDetail> {
  const db: Knex = ctx.db
  const store = await localStore(ctx)
  const fields = Object.fromEntries(
    (Object.entries(FIELD_COLUMNS) as [StoredField, string][]).map(([field, column]) => [
      field,
      toFieldValue(field, row[column as keyof CustomerRow]),
    ]),
  ) as Record<StoredField, unknown>
  const staffIds = fields.assignedStaffIds as string[]
  const [photo, staffNames, stores, flag] = await Promise.all([
    findPhoto(db, row.id),
    userNames(db, staffIds),
    storeRows(ctx).then((rows) => new Map(rows.map((s) => [s.id, s.name]))),
    flagState(db, row.id),
  ])
  const loyalty = customerLoyalty(row)
  return {
    ...(fields as Omit<CustomerDetail, 'id'>),
    id: row.id,
    customerNumber: String(row.customer_number),
    phone: row.phone ? formatPhone(row.phone, store.country) : '',
    photo: photo?.photo ?? null,
    hasPassword: row.password_hash !== null,
    assignedStaff: named(staffIds, staffNames),
    stores: named(fields.storeIds as string[], stores),
    flag,
    loyaltyPoints: loyalty.points,
    lastLoyaltyReason: loyalty.lastReason,
    active: Boolean(row.active),
    erased: row.erased_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The columns one table row needs, read for a page of ids. */
export const LIST_COLUMNS = [
  'id',
  'customer_number',
  'first_name',
  'last_name',
  'nickname',
  'email',
  'phone',
  'username',
  'loyalty_points',
  'last_loyalty_reason',
  'gift_card_number',
  'store_ids',
  'flagged',
  'flag_reason',
  'active',
  'created_at',
] as const
export type ListColumnsRow = Pick<CustomerRow, (typeof LIST_COLUMNS)[number]>

export interface ListContext {
  country: string
  stores: Map<string, string>
  thumbnails: Map<string, string>
}

/** One row of the customer table (PRODUCT §1.1). */
export function customerListRow(row: ListColumnsRow, context: ListContext): CustomerListRow {
  const loyalty = customerLoyalty(row)
  return {
    id: row.id,
    customerNumber: String(row.customer_number),
    firstName: row.first_name,
    lastName: row.last_name,
    nickname: row.nickname,
    email: row.email,
    phone: row.phone ? formatPhone(row.phone, context.country) : null,
    username: row.username,
    photoThumbnail: context.thumbnails.get(row.id) ?? null,
    loyaltyPoints: loyalty.points,
    lastLoyaltyReason: loyalty.lastReason,
    giftCardNumber: row.gift_card_number,
    stores: named(JSON.parse(row.store_ids), context.stores),
    flagged: Boolean(row.flagged),
    flagReason: row.flag_reason,
    active: Boolean(row.active),
    createdAt: row.created_at,
  }
}
