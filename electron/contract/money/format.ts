import { minorPerMajor } from './rounding'

/** "$12.50" for messages the core writes (in English, like every other message). */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / minorPerMajor(currency))
}
