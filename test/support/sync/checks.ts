import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { derivedColumns, DERIVED_COLUMNS } from '../../../electron/core/customers/derived'
import { onConnection } from '../../../electron/core/db/prepared'
import { applyEntries } from '../../../electron/core/sync/apply'
import { syncDigest } from '../../../electron/core/sync/digest'
import { ownEntries, type SyncStore } from './cluster'

/**
 * What must hold once every store has every entry: the same state everywhere, caches equal to
 * what they summarise (computed here in plain JavaScript, not with the app's SQL), a sound
 * full-text index, nothing left waiting, no trace of an erased customer, and re-applying
 * anything changing nothing. Each answers a list of problems; empty is good.
 */
type Row = Record<string, unknown>
const latest = <T extends { hlc: string; id: string }>(rows: T[]) =>
  rows.reduce<T | undefined>((a, b) => (!a || b.hlc > a.hlc || (b.hlc === a.hlc && b.id > a.id) ? b : a), undefined)

type Digest = Awaited<ReturnType<typeof syncDigest>>

/** Each store's digest (sync/digest.ts), in the stores' order. */
export function digestsOf(stores: SyncStore[]): Promise<Digest[]> {
  return Promise.all(stores.map((s) => syncDigest(s.core.services.db)))
}

/** The tables whose digests differ between stores; `digests`: theirs (digestsOf), taken when none has changed since. */
export async function digestsDiffer(stores: SyncStore[], digests?: Digest[]): Promise<string[]> {
  digests ??= await digestsOf(stores)
  return Object.keys(digests[0]).flatMap((table) =>
    digests.some((d) => d[table as keyof typeof d] !== digests[0][table as keyof typeof d]) ? [`${table} differs between stores`] : [],
  )
}

/** Open sync conflicts are made by each store from the claims it holds: the same list everywhere. */
export async function conflictsDiffer(stores: SyncStore[]): Promise<string[]> {
  const lists = await Promise.all(
    stores.map(async (s) => {
      const listed = await s.call('conflicts:list', {})
      if (!listed.ok) return [`${s.name}: conflicts:list answered ${listed.error.code}`]
      return listed.data.conflicts.map((c) => `${c.kind} ${c.value} held by ${c.holder.customerId}, not ${c.other.customerId}`).sort()
    }),
  )
  return lists.some((l) => JSON.stringify(l) !== JSON.stringify(lists[0])) ? [`open conflicts differ: ${JSON.stringify(lists)}`] : []
}

/**
 * Whole tables (or what `sqls` select), read together on the store's one connection as
 * statements prepared once (db/prepared.ts): the checks read every row of a dozen tables at
 * every store at the end of every schedule, each a Knex query before.
 */
export function readTogether(store: SyncStore, sqls: readonly string[]): Promise<Row[][]> {
  return onConnection(store.core.services.db, (rows) => Promise.all(sqls.map((sql) => rows<Row>(sql))))
}

export async function cacheProblems(store: SyncStore): Promise<string[]> {
  const problems: string[] = []
  const [customers, ledger, flags, stores, staff] = await readTogether(store, [
    'SELECT * FROM customers WHERE erased_at IS NULL',
    'SELECT * FROM loyalty_ledger',
    'SELECT * FROM flag_events',
    'SELECT * FROM customer_stores',
    'SELECT * FROM customer_staff',
  ])
  for (const c of customers) {
    const mine = <T extends Row>(rows: T[]) => rows.filter((r) => r.customer_id === c.id)
    const entries = mine(ledger) as unknown as { hlc: string; id: string; points: number; reason: string }[]
    const balance = entries.reduce((sum, e) => sum + e.points, 0)
    if (c.loyalty_points !== balance) problems.push(`${store.name} ${c.id}: balance ${c.loyalty_points}, ledger says ${balance}`)
    if (c.last_loyalty_reason !== (latest(entries)?.reason ?? null)) problems.push(`${store.name} ${c.id}: last loyalty reason`)
    const flag = latest(mine(flags) as unknown as { hlc: string; id: string; action: string; reason: string | null }[])
    const flagged = flag?.action === 'flagged'
    if (Boolean(c.flagged) !== flagged || c.flag_reason !== (flagged ? flag!.reason : null)) problems.push(`${store.name} ${c.id}: flag cache`)
    const storeIds = (mine(stores) as Row[]).map((r) => String(r.store_id)).sort()
    if (c.store_ids !== JSON.stringify(storeIds)) problems.push(`${store.name} ${c.id}: store_ids ${c.store_ids} vs ${JSON.stringify(storeIds)}`)
    const staffIds = (mine(staff) as { hlc: string; user_id: string }[])
      .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.user_id < b.user_id ? -1 : 1))
      .slice(0, 2)
      .map((r) => r.user_id)
    if (c.assigned_staff_ids !== JSON.stringify(staffIds)) problems.push(`${store.name} ${c.id}: assigned_staff_ids`)
    const derived = derivedColumns(c as never)
    for (const column of DERIVED_COLUMNS) if (derived[column] !== c[column]) problems.push(`${store.name} ${c.id}: ${column} is ${JSON.stringify(c[column])}, its fields make ${JSON.stringify(derived[column])}`)
  }
  return problems
}

export async function indexProblems(store: SyncStore): Promise<string[]> {
  const db = store.core.services.db
  const problems: string[] = []
  try {
    await db.raw("INSERT INTO customer_search (customer_search, rank) VALUES ('integrity-check', 1)")
  } catch (error) {
    problems.push(`${store.name}: full-text index: ${(error as Error).message}`)
  }
  const [{ integrity_check }] = await db.raw('PRAGMA integrity_check')
  if (integrity_check !== 'ok') problems.push(`${store.name}: ${integrity_check}`)
  if ((await db.raw('PRAGMA foreign_key_check')).length) problems.push(`${store.name}: foreign keys`)
  const waiting: { reason: string; entry: string }[] = await db('sync_inbox').select('reason', 'entry')
  for (const { reason, entry } of waiting) {
    const e = JSON.parse(entry)
    problems.push(`${store.name}: entry still waiting (${reason}): ${e.op} ${e.table_name} ${e.row_id} ${e.field ?? ''} ${e.value ?? ''}`.slice(0, 300))
  }
  return problems
}

/** An erased customer's marker (in their name, email, notes, reasons, references) must be in no file of any store. */
export async function erasedTraces(stores: SyncStore[], markers: Map<string, string>, erased: Set<string>): Promise<string[]> {
  // Nobody erased: nothing to look for (each store's files were checkpointed and read for nothing).
  if (![...erased].some((id) => markers.has(id))) return []
  const found: string[] = []
  for (const store of stores) {
    await store.core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    // Every file of the store's folder, its backups included: an erase reaches them too.
    const files = readdirSync(store.dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.name.endsWith('-shm'))
    const bytes = files.map((f) => readFileSync(join(f.parentPath, f.name)))
    for (const id of erased) {
      const marker = markers.get(id)
      if (!marker) continue
      for (const form of [marker, marker.toLowerCase()]) {
        if (bytes.some((b) => b.includes(form))) found.push(`${marker} (erased) still in ${store.name}${await whereIs(store.core.services.db, form)}`)
      }
    }
  }
  return found
}

/**
 * Every store's entries applied again to the first store: nothing applies, nothing changes.
 * `before`: the first store's digest taken earlier (digestsOf), when nothing changed it since:
 * a change meanwhile shows as a change here, it cannot hide one.
 */
export async function reapplyChanges(stores: SyncStore[], before?: Digest): Promise<string[]> {
  const target = stores[0]
  before ??= await syncDigest(target.core.services.db)
  const all = (await Promise.all(stores.map(ownEntries))).flat()
  const result = await applyEntries(target.core.services, all)
  const after = await syncDigest(target.core.services.db)
  const problems = result.applied ? [`re-applying applied ${result.applied} entries`] : []
  return JSON.stringify(before) === JSON.stringify(after) ? problems : [...problems, 're-applying changed the state']
}

/** Which table rows hold a text, to say where an erased value stayed. */
async function whereIs(db: Knex, text: string): Promise<string> {
  const tables: { name: string }[] = await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%'")
  const places: string[] = []
  for (const { name } of tables) {
    const rows: Row[] = await db(name).select()
    for (const row of rows) {
      const hit = Object.entries(row).find(([, v]) => typeof v === 'string' && v.includes(text))
      if (hit) places.push(`${name}.${hit[0]}${row.op ? ` (${row.op} ${row.table_name})` : ''}`)
    }
  }
  return places.length ? `: ${[...new Set(places)].join(', ')}` : ' (in free space)'
}
