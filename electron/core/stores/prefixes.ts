import type { Knex } from 'knex'
import { fieldError } from '../errors'
import { defaultReceiptPrefix } from '../sales/receipt-number'

type Named = { name: string; receipt_prefix: string }

/** What a store's receipt numbers start with: its prefix, or its name's initials while it has none. */
export function effectiveReceiptPrefix(store: Named): string {
  return store.receipt_prefix || defaultReceiptPrefix(store.name)
}

/**
 * The prefixes the owner's other stores print, each with the store printing it. Another store's
 * empty prefix counts as the initials it prints ("Harbour Store" prints HS-).
 */
export async function prefixesOfOtherStores(db: Knex, storeId: string | null): Promise<Map<string, string>> {
  const others: (Named & { id: string })[] = await db('stores').select('id', 'name', 'receipt_prefix')
  const taken = new Map<string, string>()
  for (const store of others) if (store.id !== storeId) taken.set(effectiveReceiptPrefix(store), store.name)
  return taken
}

/**
 * Receipt numbers tell the owner's stores apart, so a store may not print what another prints:
 * checked on what it would print, whether typed ("NS") or the initials of its name while the
 * prefix is empty ("New Shop" → NS). Refused on the prefix field, where the owner can type one.
 */
export async function guardReceiptPrefix(db: Knex, storeId: string, store: Named): Promise<void> {
  const prefix = effectiveReceiptPrefix(store)
  const printedBy = (await prefixesOfOtherStores(db, storeId)).get(prefix)
  if (printedBy === undefined) return
  const message = store.receipt_prefix
    ? `${printedBy} already prints ${prefix}: choose another prefix`
    : `${printedBy} already prints ${prefix}, the initials of ${store.name}: type a receipt prefix of its own`
  throw fieldError('receiptPrefix', message, 'CONFLICT')
}
