import type pg from 'pg'
import type { SyncStore } from '../sync/cluster'

/**
 * Every change any store made is at every store (by entry id): none acknowledged and lost.
 *
 * One absence is by design: a store joining as new asks the hub to compact just before its bulk
 * join, behind the positions of the stores that have pulled (one that never pulled does not
 * count), and reads the compacted hub: each field's latest write, not the writes it superseded
 * (README, *Compaction and joining*). A store that pushed such a write before its own first pull,
 * or a store that pulled it before the join, keeps it; the joining store never sees it. That
 * absence is allowed only when the hub compacted the entry away (not on the hub, its unit in
 * `compacted_units`) and the store lacking it holds a later write (HLC, then id: the order
 * compaction ranks by) of the same row's field: the write that made it change nothing.
 * Anything else missing is a lost change.
 */
export async function missingChanges(stores: SyncStore[], hub: pg.Client): Promise<string[]> {
  type Row = { id: string; tx: string; op: string; table_name: string; row_id: string; field: string | null; hlc: string }
  const logOf = async (s: SyncStore): Promise<Map<string, Row>> => {
    const rows: Row[] = await s.core.services.db('change_log').whereNot({ op: 'legacy' }).select('id', 'tx', 'op', 'table_name', 'row_id', 'field', 'hlc')
    return new Map(rows.map((r) => [r.id, r]))
  }
  const logs = await Promise.all(stores.map(logOf))
  const absent = new Set<string>()
  logs.forEach((log, i) => logs.forEach((other, j) => i !== j && [...log.keys()].forEach((id) => !other.has(id) && absent.add(id))))
  if (absent.size === 0) return []
  const { rows: onHub } = await hub.query('SELECT id FROM backroom.entries WHERE id = ANY($1)', [[...absent]])
  const { rows: units } = await hub.query('SELECT tx FROM backroom.compacted_units')
  const still = new Set(onHub.map((r) => r.id as string))
  const compactedUnits = new Set(units.map((r) => r.tx as string))
  const superseded = (e: Row, other: Map<string, Row>) =>
    !still.has(e.id) &&
    compactedUnits.has(e.tx) &&
    ['update', 'add', 'remove'].includes(e.op) &&
    [...other.values()].some((l) => ['update', 'add', 'remove'].includes(l.op) && l.table_name === e.table_name && l.row_id === e.row_id && l.field === e.field && (l.hlc > e.hlc || (l.hlc === e.hlc && l.id > e.id)))
  const problems: string[] = []
  logs.forEach((log, i) => {
    for (const [j, other] of logs.entries()) {
      if (i === j) continue
      const lost = [...log.values()].filter((e) => !other.has(e.id) && !superseded(e, other))
      if (lost.length) problems.push(`${lost.length} entries of ${stores[i].name} missing at ${stores[j].name}: ${lost.map((e) => `${e.op} ${e.table_name}.${e.field ?? ''} ${e.id}`).join(', ')}`)
    }
  })
  return problems
}
