import type { Knex } from 'knex'
import { LOYALTY_RULE_SCALE, loyaltyRuleScaled, type Settings } from '../../contract/settings'
import type { ParsedInput } from '../../contract'
import { listedTimeZone, offeredLocale } from '../../contract/regional'
import { requireStoreId, transact, type CommandContext } from '../context'
import { fieldError, notFound } from '../errors'
import { effectiveReceiptPrefix, guardReceiptPrefix } from '../stores/prefixes'
import { findStore, updateStore, type StoreRow } from '../stores/repo'
import { valuePerPointIn } from './value-per-point'

/**
 * The store's settings live on its row in `stores`, so other stores can see them via sync.
 * Values an older version saved that the screens no longer offer are read as the nearest one
 * they do, so Settings opens on something it can show and save: a time zone alias by the name
 * the list gives it (Intl's own reading: "US/Eastern" → America/New_York, "EST" →
 * America/Panama, so days are counted as before); a locale by the first listed one of its
 * language, else en-US; points per unit to the four decimals the field shows. Saving writes
 * what was shown. Only a zone the list has no name for ("Etc/GMT+5") is given as stored.
 */
export function toSettings(row: StoreRow): Settings {
  return {
    storeName: row.name,
    currency: row.currency,
    timeZone: listedTimeZone(row.time_zone) ?? row.time_zone,
    country: row.country,
    locale: offeredLocale(row.locale),
    medicalShop: Boolean(row.medical_shop),
    loyaltyEnrollByDefault: Boolean(row.loyalty_enroll_by_default),
    loyaltyPointsPerUnit: loyaltyRuleScaled(row.loyalty_points_per_unit) / LOYALTY_RULE_SCALE,
    loyaltyValuePerPointMinor: row.loyalty_value_per_point_minor,
    autoCheckoutAtDayStart: Boolean(row.auto_checkout_at_day_start),
    receiptPrefix: row.receipt_prefix,
    storeAddress: row.address,
  }
}

export async function get(ctx: CommandContext): Promise<Settings> {
  const row = await findStore(ctx.db, requireStoreId(ctx))
  if (!row) throw notFound('Store')
  return toSettings(row)
}

/** The settings screen shows the currency fixed, with the reason, once the store has a receipt. */
export async function locks(ctx: CommandContext): Promise<{ currencyLocked: boolean }> {
  return { currencyLocked: await hasReceipts(ctx.db, requireStoreId(ctx)) }
}

async function hasReceipts(db: Knex, storeId: string): Promise<boolean> {
  return !!(await db('receipts').where({ store_id: storeId }).first('id'))
}

/**
 * A store's books are in one currency: once it has recorded a sale, a new currency is refused
 * (its Receipts screen compares its receipts' totals with amounts typed in its currency, and
 * its value per point is in it). Only this store's receipts count: the owner's stores may keep
 * different currencies, every receipt carries its store's, and receipts of another currency
 * are shown in theirs and never added to this one's (metrics sum per currency).
 */
async function guardCurrency(trx: Knex, store: StoreRow, currency: string): Promise<void> {
  if (store.currency !== currency && (await hasReceipts(trx, store.id))) {
    throw fieldError('currency', 'The currency cannot change once sales are recorded')
  }
}

export async function update(ctx: CommandContext, input: ParsedInput<'settings:update'>): Promise<Settings> {
  const storeId = requireStoreId(ctx)
  const after = await transact(ctx, storeId, async (w) => {
    const store = await findStore(w.trx, storeId)
    if (!store) throw notFound('Store')
    await guardCurrency(w.trx, store, input.currency)
    // What the store would print, typed or (prefix empty or kept empty) its new name's initials,
    // checked when that changes: a clash sync brought must not stop the owner saving the time zone.
    const printing = { name: input.storeName, receipt_prefix: input.receiptPrefix ?? store.receipt_prefix }
    if (effectiveReceiptPrefix(printing) !== effectiveReceiptPrefix(store)) await guardReceiptPrefix(w.trx, storeId, printing)
    return updateStore(w, storeId, {
      name: input.storeName,
      currency: input.currency,
      ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
      country: input.country,
      medical_shop: input.medicalShop,
      ...(input.locale === undefined ? {} : { locale: input.locale }),
      ...(input.loyaltyEnrollByDefault === undefined ? {} : { loyalty_enroll_by_default: input.loyaltyEnrollByDefault }),
      loyalty_points_per_unit: input.loyaltyPointsPerUnit,
      loyalty_value_per_point_minor: valuePerPointIn(input, store.currency),
      auto_checkout_at_day_start: input.autoCheckoutAtDayStart,
      ...(input.receiptPrefix === undefined ? {} : { receipt_prefix: input.receiptPrefix }),
      ...(input.storeAddress === undefined ? {} : { address: input.storeAddress }),
    })
  })
  if (!after) throw notFound('Store')
  return toSettings(after)
}
