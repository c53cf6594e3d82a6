import type { Knex } from 'knex'
import { derivedColumns } from '../../../electron/core/customers/derived'
import { HISTORY_TABLES } from '../../../electron/core/customers/merge/settle'
import type { SyncStore } from './cluster'

/**
 * What must hold of merges once every store has every entry (issue 11), computed here from the
 * rows: no row names a customer merged away (it is its survivor's), and a survivor's merged
 * search words are those of the customers merged into it. Survivors are found by following
 * merged_into here, not with the app's code.
 */
export async function mergeProblems(store: SyncStore): Promise<string[]> {
  const db: Knex = store.core.services.db
  const problems: string[] = []
  const merged: { id: string; merged_into: string }[] = await db('customers').select('id', 'merged_into').whereNotNull('merged_into')
  const pointer = new Map(merged.map((m) => [m.id, m.merged_into]))
  const end = (id: string) => {
    const seen: string[] = []
    let at = id
    while (pointer.has(at) && !seen.includes(at)) {
      seen.push(at)
      at = pointer.get(at)!
    }
    return seen.includes(at) ? seen.slice(seen.indexOf(at)).sort()[0] : at
  }
  for (const { id } of merged) {
    if (end(id) === id) continue
    for (const table of HISTORY_TABLES) {
      const left = await db(table).where({ customer_id: id }).count<{ n: number }[]>({ n: '*' })
      if (Number(left[0].n)) problems.push(`${store.name} ${id}: ${left[0].n} ${table} rows still on a customer merged away`)
    }
  }
  const survivors = new Set(merged.map((m) => end(m.id)))
  for (const survivor of survivors) {
    const row = await db('customers').where({ id: survivor }).first('merged_text', 'erased_at')
    if (!row || row.erased_at) continue
    const into = merged.filter((m) => m.id !== survivor && end(m.id) === survivor).map((m) => m.id).sort()
    const rows = await db('customers').whereIn('id', into).whereNull('erased_at').orderBy('id')
    const text = rows.map((r) => derivedColumns({ ...r, merged_text: null }).search_text).join(' ') || null
    if ((row.merged_text ?? null) !== text) problems.push(`${store.name} ${survivor}: merged_text ${JSON.stringify(row.merged_text)}, the merged customers make ${JSON.stringify(text)}`)
  }
  return problems
}
