import { readDraft, storedKeysStartingWith, writeDraft } from '../ui/form/useFormDraft'
import type { KeptSale } from './keptSale'

/**
 * Sales put aside at the desk (guide 002, "save the cart to queue"): the customer went to fetch
 * something, the next one is served meanwhile. Each is a draft of its own on this PC, under the
 * user's id (`backroom:parked-sale:<user>:<id>`), so the draft machinery treats it as it treats
 * the sale on screen: it survives a reload, and a customer's erase, here or at another store,
 * sweeps the sales parked for them (forgetDraftsAbout, by the `customerId` each records).
 */

/** A desk serving a queue parks a few sales; more is a forgotten pile of customers' details. */
export const MAX_PARKED_SALES = 20

/** A parked sale: what was typed, with its request id (a copy saved twice is answered once by main). */
export interface ParkedSaleValues extends KeptSale {
  /** The sale's total when parked, for the list (the rates may change before it is resumed). */
  totalMinor: number
}

export interface ParkedSale {
  id: string
  parkedAt: string
  sale: ParkedSaleValues
}

export type ParkOutcome = 'parked' | 'full' | 'unwritable'

const prefix = (userId: string) => `backroom:parked-sale:${userId}:`
const keyOf = (userId: string, id: string) => `${prefix(userId)}${id}`

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** True when stored values are a parked sale's (storage another version or a hand wrote may not be). */
function isParkedSale(values: Record<string, unknown>): values is Record<string, unknown> & ParkedSaleValues {
  const { customer, items, payments, requestId, totalMinor } = values
  return (
    (customer === null || (isRecord(customer) && typeof customer.id === 'string' && typeof customer.firstName === 'string')) &&
    Array.isArray(items) &&
    items.length > 0 &&
    items.every(isRecord) &&
    Array.isArray(payments) &&
    payments.every(isRecord) &&
    typeof requestId === 'string' &&
    typeof totalMinor === 'number' &&
    Number.isFinite(totalMinor)
  )
}

/** This user's parked sales on this PC, the longest waiting first (a queue is served in turn). */
export function listParkedSales(userId: string): ParkedSale[] {
  const parked: ParkedSale[] = []
  for (const key of storedKeysStartingWith(prefix(userId))) {
    const draft = readDraft(key)
    if (draft && isParkedSale(draft.values)) parked.push({ id: key.slice(prefix(userId).length), parkedAt: draft.savedAt, sale: draft.values })
  }
  return parked.sort((a, b) => a.parkedAt.localeCompare(b.parkedAt))
}

/** Writes one parked sale under a fresh id (never its request id: two copies of a sale stay two). */
function write(userId: string, sale: ParkedSaleValues): boolean {
  const values: ParkedSaleValues = JSON.parse(JSON.stringify(sale))
  return writeDraft(keyOf(userId, crypto.randomUUID()), values, sale.customer ? { customerId: sale.customer.id } : {})
}

/**
 * Puts `sale` aside for this user: refused when MAX_PARKED_SALES wait already, or when storage
 * refuses it. Only 'parked' lets the caller start a fresh sale: otherwise the sale stays on screen.
 */
export function parkSale(userId: string, sale: ParkedSaleValues): ParkOutcome {
  if (listParkedSales(userId).length >= MAX_PARKED_SALES) return 'full'
  return write(userId, sale) ? 'parked' : 'unwritable'
}

/**
 * Takes parked sale `id` back to the screen, parking `current` (the sale on screen, when it has
 * anything) in its place. The current sale is written before the resumed one is removed: a
 * crash between the two leaves a copy too many, never a sale lost (the copies share a request
 * id, so main saves one sale). Null when the sale is gone (resumed or discarded meanwhile) or
 * storage refuses the current sale: then nothing has changed.
 */
export function resumeParkedSale(userId: string, id: string, current: ParkedSaleValues | null): ParkedSale | null {
  const resumed = listParkedSales(userId).find((parked) => parked.id === id)
  if (!resumed) return null
  if (current && !write(userId, current)) return null
  localStorage.removeItem(keyOf(userId, id))
  return resumed
}

/** Throws parked sale `id` away (the user confirmed it). */
export function discardParkedSale(userId: string, id: string): void {
  localStorage.removeItem(keyOf(userId, id))
}
