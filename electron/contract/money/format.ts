import { minorPerMajor } from './rounding'

/** Making an Intl formatter costs far more than using one: a receipt formats dozens of amounts. */
const formatters = new Map<string, Intl.NumberFormat>()

/** "$12.50" for messages the core writes (in English, like every other message). */
export function formatMoney(minor: number, currency: string): string {
  let format = formatters.get(currency)
  if (!format) formatters.set(currency, (format = new Intl.NumberFormat('en', { style: 'currency', currency })))
  return format.format(minor / minorPerMajor(currency))
}
