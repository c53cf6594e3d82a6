import { text } from '@contract/fields'
import { readDraft, storedKeysStartingWith, writeDraft } from '../ui/form/useFormDraft'
import type { KeptSale } from './keptSale'

/**
 * Sales put aside at the desk (guide 002, "save the cart to queue"): the customer went to fetch
 * something, the next one is served meanwhile. The queue is the desk's, not a user's: each sale
 * is a draft of its own on this PC under the store's id (`backroom:parked-sale:store:<store>:<id>`),
 * so whoever signs in at this PC next (a shift change, a colleague covering the till) finds the
 * customers still waiting. The draft machinery treats each as it treats the sale on screen: it
 * survives a reload, and a customer's erase, here or at another store, sweeps the sales parked
 * for them (forgetDraftsAbout, by the `customerId` each records).
 *
 * Sales parked before the queue was shared sit under the user's id
 * (`backroom:parked-sale:<user>:<id>`): the first read moves them into the store's queue.
 */

/** A desk serving a queue parks a few sales; more is a forgotten pile of customers' details. */
export const MAX_PARKED_SALES = 20

/** Enough for "Lady in the red coat, size 12 boots" or a full name; the list stays one line. */
export const MAX_PARKED_NAME = 60
/** The name a sale is parked under (optional): trimmed, at most MAX_PARKED_NAME characters, typeable. */
export const parkedNameSchema = text('Name', MAX_PARKED_NAME)

/** A parked sale: what was typed, with its request id (a copy saved twice is answered once by main). */
export interface ParkedSaleValues extends KeptSale {
  /** The sale's total when parked, for the list (the rates may change before it is resumed). */
  totalMinor: number
}

export interface ParkedSale {
  id: string
  /** Where it is stored: the store's queue, or a user's key not moved yet (storage refused the copy). */
  key: string
  parkedAt: string
  sale: ParkedSaleValues
}

export type ParkOutcome = 'parked' | 'full' | 'unwritable'

const PARKED = 'backroom:parked-sale:'
const STORE_QUEUES = `${PARKED}store:`
const prefix = (storeId: string) => `${STORE_QUEUES}${storeId}:`
const keyOf = (storeId: string, id: string) => `${prefix(storeId)}${id}`

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** True when stored values are a parked sale's (storage another version or a hand wrote may not be). */
function isParkedSale(values: Record<string, unknown>): values is Record<string, unknown> & ParkedSaleValues {
  const { customer, items, payments, requestId, totalMinor, name } = values
  return (
    (customer === null || (isRecord(customer) && typeof customer.id === 'string' && typeof customer.firstName === 'string')) &&
    Array.isArray(items) &&
    items.length > 0 &&
    items.every(isRecord) &&
    Array.isArray(payments) &&
    payments.every(isRecord) &&
    typeof requestId === 'string' &&
    typeof totalMinor === 'number' &&
    Number.isFinite(totalMinor) &&
    (name === undefined || typeof name === 'string')
  )
}

/** The parked sale stored under `key`, or null when it is not one. */
function parkedAt(key: string, id: string): ParkedSale | null {
  const draft = readDraft(key)
  return draft && isParkedSale(draft.values) ? { id, key, parkedAt: draft.savedAt, sale: draft.values } : null
}

/**
 * Sales parked under a user's id (before the queue was the store's), each copied as it is
 * stored (its time, its customer) into this store's queue under its own id, then removed.
 * A copy storage refuses leaves the sale where it was, listed from there: none is lost.
 * Storage that is not a parked sale is left alone (the list never showed it).
 */
function moveUserParkedSales(storeId: string): ParkedSale[] {
  const unmoved: ParkedSale[] = []
  for (const key of storedKeysStartingWith(PARKED)) {
    if (key.startsWith(STORE_QUEUES)) continue
    const id = key.slice(key.lastIndexOf(':') + 1)
    const parked = parkedAt(key, id)
    if (!parked) continue
    try {
      localStorage.setItem(keyOf(storeId, id), localStorage.getItem(key)!)
      localStorage.removeItem(key)
    } catch {
      unmoved.push(parked)
    }
  }
  return unmoved
}

/** The sales parked at this store's desk on this PC, the longest waiting first (a queue is served in turn). */
export function listParkedSales(storeId: string): ParkedSale[] {
  const parked = moveUserParkedSales(storeId)
  for (const key of storedKeysStartingWith(prefix(storeId))) {
    const sale = parkedAt(key, key.slice(prefix(storeId).length))
    if (sale) parked.push(sale)
  }
  return parked.sort((a, b) => a.parkedAt.localeCompare(b.parkedAt))
}

/** Writes one parked sale under a fresh id (never its request id: two copies of a sale stay two). */
function write(storeId: string, sale: ParkedSaleValues): boolean {
  const values: ParkedSaleValues = JSON.parse(JSON.stringify(sale))
  return writeDraft(keyOf(storeId, crypto.randomUUID()), values, sale.customer ? { customerId: sale.customer.id } : {})
}

/**
 * Puts `sale` aside in this store's queue: refused when MAX_PARKED_SALES wait already (whoever
 * parked them), or when storage refuses it. Only 'parked' lets the caller start a fresh sale:
 * otherwise the sale stays on screen.
 */
export function parkSale(storeId: string, sale: ParkedSaleValues): ParkOutcome {
  if (listParkedSales(storeId).length >= MAX_PARKED_SALES) return 'full'
  return write(storeId, sale) ? 'parked' : 'unwritable'
}

/**
 * Takes parked sale `id` back to the screen, parking `current` (the sale on screen, when it has
 * anything) in its place. The current sale is written before the resumed one is removed: a
 * crash between the two leaves a copy too many, never a sale lost (the copies share a request
 * id, so main saves one sale). Null when the sale is gone (resumed or discarded meanwhile, by
 * this user or another) or storage refuses the current sale: then nothing has changed.
 */
export function resumeParkedSale(storeId: string, id: string, current: ParkedSaleValues | null): ParkedSale | null {
  const resumed = listParkedSales(storeId).find((parked) => parked.id === id)
  if (!resumed) return null
  if (current && !write(storeId, current)) return null
  localStorage.removeItem(resumed.key)
  return resumed
}

/** Throws parked sale `id` away (the user confirmed it). */
export function discardParkedSale(storeId: string, id: string): void {
  const parked = listParkedSales(storeId).find((sale) => sale.id === id)
  if (parked) localStorage.removeItem(parked.key)
}
