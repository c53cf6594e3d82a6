import type { Knex } from 'knex'

/**
 * Who a merged customer now is. A merge sets `merged_into` on the customer merged away; a
 * survivor may itself be merged later (a chain), and two stores offline may merge a pair both
 * ways (a cycle). Every store follows the same pointers to the same end: the first customer on
 * the chain not merged, or, for a cycle, the cycle's smallest id.
 */
export type MergedMap = ReadonlyMap<string, string>

/** Every merged customer and the customer it was merged into (a partial index keeps this one short walk). */
export async function mergedMap(db: Knex): Promise<Map<string, string>> {
  const rows: { id: string; merged_into: string }[] = await db('customers').select('id', 'merged_into').whereNotNull('merged_into')
  return new Map(rows.map((r) => [r.id, r.merged_into]))
}

/** The customers on a merged customer's chain, itself first, each once. */
export function chainOf(map: MergedMap, id: string): string[] {
  const chain = [id]
  for (let next = map.get(id); next !== undefined && !chain.includes(next); next = map.get(next)) chain.push(next)
  return chain
}

/** Where a customer's history belongs: the end of its chain (itself when not merged). */
export function survivorIn(map: MergedMap, id: string): string {
  const chain = chainOf(map, id)
  const last = chain[chain.length - 1]
  const next = map.get(last)
  if (next === undefined) return last
  // A cycle: it starts where the last customer points back to.
  return chain.slice(chain.indexOf(next)).sort()[0]
}

/** The survivor of one customer, read from the database. */
export async function survivorOf(db: Knex, id: string): Promise<string> {
  const first = await db('customers').where({ id }).first('merged_into')
  if (!first?.merged_into) return id
  return survivorIn(await mergedMap(db), id)
}

/** The customers whose history is a survivor's: every customer that resolves to it, itself left out. */
export function mergedInto(map: MergedMap, survivorId: string): string[] {
  return [...map.keys()].filter((id) => id !== survivorId && survivorIn(map, id) === survivorId)
}

/** The entry that merges a customer away: `merged_into` on its row. */
export function isMergePointer(entry: { op: string; table_name: string; field: string | null }): boolean {
  return entry.op === 'update' && entry.table_name === 'customers' && entry.field === 'merged_into'
}
