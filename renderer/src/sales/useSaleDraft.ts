import { fieldErrors } from '@contract/envelope'
import { pointsOverBalance, pointsOverLeft } from '@contract/money/points-payment'
import { createSaleInputSchema, type PaymentMethod } from '@contract/sales'
import { MAX_RECEIPT_MINOR } from '@contract/money/amount'
import type { TaxRate } from '@contract/tax-rates'
import type { CommandInput } from '@contract/index'
import { computed, ref, type Ref } from 'vue'
import { computeSaleTotals, toMinor, type PricedItem } from '@/ui/format/money'
import type { ItemLine, PaymentLine } from './keptSale'

export type { ItemLine, KeptSale, PaymentLine } from './keptSale'

/** The customer whose points may pay, as loyalty:history answers: their name, balance and enrolment. */
export interface PointsAccount {
  name: string
  balance: number
  enrolled: boolean
}

let nextKey = 1

export function blankItem(taxRateId: string | null = null): ItemLine {
  return { key: nextKey++, name: '', quantity: 1, unitPrice: null, taxRateId }
}

export function blankPayment(method: PaymentMethod = 'cash', amount: number | null = null): PaymentLine {
  return { key: nextKey++, method, amount, reference: '', points: null }
}

/**
 * The sale being rung up: its lines, the running totals (the core's own arithmetic, see
 * ui/format/money.ts), and the checks of the contract's schema, with each message keyed by the field
 * path main would use (`items.0.unitPriceMinor`), so both sides' messages land in one place.
 */
export function useSaleDraft(currency: Ref<string>, taxRates: Ref<TaxRate[]>, perPointMinor: Ref<number> = ref(0)) {
  const customerId = ref<string | null>(null)
  const items = ref<ItemLine[]>([blankItem()])
  const payments = ref<PaymentLine[]>([blankPayment()])
  const errors = ref<Record<string, string>>({})
  // One per sale being rung up, a new one once it is saved or cleared: main answers a repeat of
  // this sale (a double click, a retry) with its first receipt (contract: requestId). A refused
  // sale, fixed or not, runs again: main keeps no refusal. Kept with the draft and put back with
  // it: a sale sent just before a crash or a reload, sent again, is answered with its receipt.
  const requestId = ref<string>(crypto.randomUUID())

  const rateById = computed(() => new Map(taxRates.value.map((rate) => [rate.id, rate])))

  /** The lines the totals can already be worked out for (a line without a price counts as 0). */
  const priced = computed<PricedItem[]>(() =>
    items.value.map((line) => {
      const rate = line.taxRateId ? rateById.value.get(line.taxRateId) : undefined
      return {
        name: line.name,
        quantity: Math.max(0, Math.trunc(line.quantity ?? 0)),
        unitPriceMinor: toMinor(line.unitPrice, currency.value) ?? 0,
        tax: rate ? { id: rate.id, name: rate.name, rateMillipercent: Math.round(rate.ratePercent * 1000) } : null,
      }
    }),
  )
  const totals = computed(() => computeSaleTotals(priced.value))
  /** A payment's amount in minor units: points are worth the store's value per point each. */
  const amountOf = (p: PaymentLine): number | null =>
    p.method === 'loyalty_points' ? (p.points == null ? null : p.points * perPointMinor.value) : toMinor(p.amount, currency.value)
  const paidMinor = computed(() => payments.value.reduce((sum, p) => sum + (amountOf(p) ?? 0), 0))
  /** Positive: still to pay; negative: change due. */
  const balanceMinor = computed(() => totals.value.totalMinor - paidMinor.value)
  /** How far payments other than cash go past the total (main refuses that: only cash gives change). */
  const nonCashOverMinor = computed(() => {
    const nonCash = payments.value.filter((p) => p.method !== 'cash').reduce((sum, p) => sum + (amountOf(p) ?? 0), 0)
    return Math.max(0, nonCash - totals.value.totalMinor)
  })

  /** The command input, with amounts in minor units; blanks are sent as they are for the schema to name. */
  const input = computed(
    (): CommandInput<'sales:create'> => ({
      customerId: customerId.value,
      items: items.value.map((line) => ({
        name: line.name,
        quantity: line.quantity as number,
        unitPriceMinor: toMinor(line.unitPrice, currency.value) as number,
        taxRateId: line.taxRateId,
      })),
      payments: payments.value.map((p) => ({
        method: p.method,
        amountMinor: amountOf(p) as number,
        reference: p.method === 'loyalty_points' ? '' : p.reference,
        points: p.method === 'loyalty_points' ? (p.points ?? null) : null,
      })),
      // What the customer was told: main refuses a sale whose total came out otherwise (a rate changed).
      // Past what one receipt holds, none: main's "split the sale" says why, under the items.
      expectedTotalMinor: totals.value.totalMinor <= MAX_RECEIPT_MINOR ? totals.value.totalMinor : null,
      requestId: requestId.value,
    }),
  )

  /**
   * Checks the input against the contract, and a payment by points against the customer's
   * balance and what is left to pay, in main's words; true when main may be asked (main checks
   * the payments cover the total, and the points again in the sale's transaction).
   */
  function validate(account: PointsAccount | null = null): boolean {
    const result = createSaleInputSchema.safeParse(input.value)
    errors.value = result.success ? {} : fieldErrors(result.error)
    payments.value.forEach((p, index) => {
      const field = `payments.${index}.points`
      if (p.method !== 'loyalty_points' || errors.value[field]) return
      if (p.points == null) return void (errors.value[field] = 'Type the points to use')
      if (!account || perPointMinor.value <= 0) return
      const others = payments.value.reduce((sum, q, i) => sum + (i === index || q.method === 'cash' ? 0 : (amountOf(q) ?? 0)), 0)
      const left = totals.value.totalMinor - others
      if (p.points > account.balance) errors.value[field] = pointsOverBalance(account.name, account.balance, p.points, perPointMinor.value, currency.value)
      else if (p.points * perPointMinor.value > left) errors.value[field] = pointsOverLeft(left, p.points, perPointMinor.value, currency.value)
    })
    return Object.keys(errors.value).length === 0
  }

  /**
   * Puts back lines kept from before (a draft), each with a fresh key for this screen, and the
   * sale's request id (a draft kept before ids were kept has none: it keeps the new one).
   */
  function restore(kept: { items: ItemLine[]; payments: PaymentLine[]; requestId?: string }) {
    items.value = kept.items.map((line) => ({ ...line, key: nextKey++ }))
    payments.value = kept.payments.map((payment) => ({ ...payment, key: nextKey++ }))
    if (kept.requestId) requestId.value = kept.requestId
  }

  function reset() {
    customerId.value = null
    items.value = [blankItem()]
    payments.value = [blankPayment()]
    errors.value = {}
    requestId.value = crypto.randomUUID()
  }

  return { customerId, items, payments, requestId, errors, totals, paidMinor, balanceMinor, nonCashOverMinor, amountOf, input, validate, restore, reset }
}
