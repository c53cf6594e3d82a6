import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { TaxRate } from '../../contract/tax-rates'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import { foldText } from '../customers/fold'
import { fieldError, notFound } from '../errors'
import { newId } from '../ids'
import { findTaxRate, insertTaxRate, listTaxRates, toTaxRate, updateTaxRate, type TaxRateRow } from './repo'

export async function list(ctx: CommandContext): Promise<TaxRate[]> {
  return (await listTaxRates(ctx.db, requireStoreId(ctx))).map(toTaxRate)
}

/** How a name is compared: "VAT", "vat", "V A T" and "VÄT" are one name on a sale's tax list. */
const nameKey = (name: string) => foldText(name).replace(/\s+/gu, '')

/**
 * A sale picks its tax rates by name ("VAT (20 %)"): two active rates named alike ("VAT" at 20 %,
 * "vat" at 5 %) could not be told apart there. Only active rates count: a rate switched off
 * keeps its name on old receipts, and a new one may take it.
 */
async function guardActiveName(trx: Knex, storeId: string, id: string | null, name: string): Promise<void> {
  const active: Pick<TaxRateRow, 'id' | 'name'>[] = await trx('tax_rates').where({ store_id: storeId, active: 1 }).select('id', 'name')
  const same = active.find((rate) => rate.id !== id && nameKey(rate.name) === nameKey(name))
  if (same) throw fieldError('name', `${same.name} is already an active tax rate: choose another name, or switch that one off first`, 'CONFLICT')
}

/**
 * Receipts copy the name and rate they were sold with, so changing a rate never rewrites one.
 * A new rate is saved once per request (command-requests.ts): its repeat, checked before the
 * name (which its own first save took), answers the rate it made. A change needs no request id.
 */
export async function save(ctx: CommandContext, input: ParsedInput<'taxRates:save'>): Promise<TaxRate> {
  const storeId = requireStoreId(ctx)
  const fields = { name: input.name, rate_millipercent: Math.round(input.ratePercent * 1000), active: input.active }
  const row = await transact(ctx, storeId, async (w) => {
    if (input.id === null) {
      const request = commandRequest('taxRates:save', input)
      const createdId = await savedOnce(w, request, async () => {
        if (input.active) await guardActiveName(w.trx, storeId, null, input.name)
        const created: TaxRateRow = { id: newId(), store_id: storeId, ...fields, created_at: w.at, updated_at: w.at }
        await insertTaxRate(w, created)
        return created.id
      })
      return findTaxRate(w.trx, storeId, createdId)
    }
    if (input.active) await guardActiveName(w.trx, storeId, input.id, input.name)
    if (!(await findTaxRate(w.trx, storeId, input.id))) throw notFound('Tax rate')
    return updateTaxRate(w, input.id, fields)
  })
  return toTaxRate(row!)
}
