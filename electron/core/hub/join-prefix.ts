import type { Knex } from 'knex'
import type pg from 'pg'
import { effectiveReceiptPrefix } from '../stores/prefixes'

/** The hub step that answers `store_prefixes()` (schema-prefixes.ts): older hubs cannot be asked. */
export const PREFIXES_HUB_VERSION = 5

type Named = { name: string; receipt_prefix: string }

/** A JSON text as an entry holds it, or undefined when it cannot be read (the hub checks no entry). */
function parsed(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Each store on the hub other than `localId`, with what it prints: its latest name and prefix, as the stores merge them. */
async function storesOnHub(client: pg.Client, localId: string): Promise<Map<string, Named>> {
  const { rows } = await client.query<{ store_row: string; sets: 'name' | 'receipt_prefix'; entry_op: string; entry_value: string | null }>(
    'SELECT * FROM backroom.store_prefixes()',
  )
  const stores = new Map<string, Named>()
  for (const row of rows) {
    if (row.store_row === localId) continue
    const value = parsed(row.entry_value)
    // An insert holds the whole row (a prefix left empty may be missing); an update the field's value.
    const set = row.entry_op === 'update' ? value : value && typeof value === 'object' ? (value as Record<string, unknown>)[row.sets] : undefined
    const store = stores.get(row.store_row) ?? { name: '', receipt_prefix: '' }
    if (typeof set === 'string') store[row.sets] = set
    stores.set(row.store_row, store)
  }
  return stores
}

/**
 * A store joining as new must not print what a store already on the hub prints: receipt numbers
 * tell the owner's stores apart (Settings refuses such a prefix, stores/prefixes.ts, but knows
 * only the stores this PC has heard of, and before it joins that is none). Answers why the join
 * is refused, with what to do, or null when the prefix is free; asked before the store binds.
 * Before, such a store joined and both printed the same numbers (HS-000001 at each), and nothing
 * said so: Settings checks a prefix only when it changes. Stores that join at the same moment,
 * before either has sent its row, are still not seen.
 */
export async function prefixClashOnHub(client: pg.Client, db: Knex, localId: string): Promise<string | null> {
  const local: Named | undefined = await db('stores').where({ id: localId }).first('name', 'receipt_prefix')
  if (!local) return null
  const prefix = effectiveReceiptPrefix(local)
  const others = [...(await storesOnHub(client, localId)).values()].filter((s) => s.name !== '' || s.receipt_prefix !== '')
  const printedBy = others.find((s) => effectiveReceiptPrefix(s) === prefix)
  if (!printedBy) return null
  const taken = [...new Set(others.map(effectiveReceiptPrefix))].sort().join(', ')
  return `${printedBy.name} already prints ${prefix} on its receipts, as this store does. Change this store's receipt prefix in Settings to one no store on the hub prints (taken: ${taken}), then join.`
}
