import type { ParsedInput } from '../../contract'
import type { TaxRate } from '../../contract/tax-rates'
import { requireStoreId, transact, type CommandContext } from '../context'
import { notFound } from '../errors'
import { newId } from '../ids'
import { findTaxRate, insertTaxRate, listTaxRates, toTaxRate, updateTaxRate, type TaxRateRow } from './repo'

export async function list(ctx: CommandContext): Promise<TaxRate[]> {
  return (await listTaxRates(ctx.db, requireStoreId(ctx))).map(toTaxRate)
}

/** Receipts copy the name and rate they were sold with, so changing a rate never rewrites one. */
export async function save(ctx: CommandContext, input: ParsedInput<'taxRates:save'>): Promise<TaxRate> {
  const storeId = requireStoreId(ctx)
  const fields = { name: input.name, rate_millipercent: Math.round(input.ratePercent * 1000), active: input.active }
  const row = await transact(ctx, storeId, async (w) => {
    if (input.id === null) {
      const created: TaxRateRow = { id: newId(), store_id: storeId, ...fields, created_at: w.at, updated_at: w.at }
      await insertTaxRate(w, created)
      return created
    }
    if (!(await findTaxRate(w.trx, storeId, input.id))) throw notFound('Tax rate')
    return updateTaxRate(w, input.id, fields)
  })
  return toTaxRate(row!)
}
