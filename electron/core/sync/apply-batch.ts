import type { Knex } from 'knex'
import { MAX_ASSIGNED_STAFF } from '../../contract/customers'
import { CLAIM_COLUMN, CLAIM_KINDS, claimKey, setClaim, settleClaims, type ClaimKind } from '../customers/claims'
import { type LogEntry } from '../db/changelog'
import { insertInChunks, updateInChunks } from '../db/chunks'
import { deferIndexes, worthDeferring } from '../db/defer-indexes'
import { presentIds } from '../db/present-ids'
import { applyEntry, newRow, touchAppended, type Touched } from './apply-ops'
import { compareEntries, valueOf } from './entry'
import { columnDefaults, withoutNulls } from './columns'
import { specOf, TABLE_ORDER, type AppendTable, type RowTable, type SetTable, type SyncedTable } from './spec'

/**
 * The applier's fast path: many ready units applied together, a statement per chunk of rows
 * rather than several per entry. The outcome is the one applying them one by one in (HLC, id)
 * order would give, because every merge rule is order-free: rows are created before anything
 * points at them, a field or a set's member takes the latest write by (HLC, id) whatever came
 * first, an append is inserted if absent, and an erase (applied last) clears what came before it.
 */
type Row = Record<string, unknown>
type Stamp = Pick<LogEntry, 'hlc' | 'id'>

const CHUNK = 500
const later = (a: Stamp | undefined, b: Stamp) => !a || compareEntries(b, a) > 0

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Entries by table, tables in TABLE_ORDER: a row's parent is written before it. */
function byTableParentsFirst(entries: readonly LogEntry[]): [string, LogEntry[]][] {
  const byTable = new Map<string, LogEntry[]>()
  for (const entry of entries) pushTo(byTable, entry.table_name, entry)
  const rank = (table: string) => TABLE_ORDER.indexOf(table as SyncedTable)
  return [...byTable].sort(([a], [b]) => rank(a) - rank(b))
}

/** An entry's value (parsed once per entry, see entry.ts), `{}` for none. */
const parse = (entry: LogEntry): Row => valueOf<Row>(entry) ?? {}

/**
 * Rows inserted in chunks; a batch that outnumbers the table (a joining store, a long catch-up)
 * goes in with the table's secondary indexes set aside and built once after (db/defer-indexes.ts).
 */
export async function insertMany(db: Knex, table: string, rows: Row[], options: { orIgnore?: boolean; asGiven?: boolean } = {}): Promise<void> {
  // Rows made for this insert lose their all-NULL columns (columns.ts). Rows that are someone
  // else's objects (the log entries themselves) are written as given, and so is an
  // insert-or-ignore, which may meet a row that exists.
  if (!options.orIgnore && !options.asGiven) await withoutNulls(db, table, rows)
  const insert = { orIgnore: options.orIgnore }
  if (await worthDeferring(db, table, rows.length)) await deferIndexes(db, table, () => insertInChunks(db, table, rows, insert))
  else await insertInChunks(db, table, rows, insert)
}

/** A field write waiting for its turn: the entry, and the value it sets. */
interface FieldWrite {
  stamp: Stamp
  table: string
  rowId: string
  field: string
  value: unknown
}

/**
 * The latest write of each field of these rows already in the change log, and each row's
 * insert (which wrote every field at once), keyed `table|row|field` and `table|row`.
 */
async function knownWrites(db: Knex, tables: readonly string[], rowIds: readonly string[]) {
  const fields = new Map<string, Stamp>()
  const inserts = new Map<string, Stamp>()
  for (const chunk of chunks([...new Set(rowIds)])) {
    const rows: (Stamp & { row_id: string; table_name: string; field: string | null; op: string })[] = await db('change_log')
      .select('row_id', 'table_name', 'field', 'op', 'hlc', 'id')
      .whereIn('row_id', chunk)
      .whereIn('table_name', [...tables])
      .whereIn('op', ['insert', 'snapshot', 'update', 'legacy', 'add', 'remove'])
    for (const r of rows) {
      if (r.op === 'insert' || r.op === 'snapshot') {
        const key = `${r.table_name}|${r.row_id}`
        if (later(inserts.get(key), r)) inserts.set(key, { hlc: r.hlc, id: r.id })
      } else {
        const key = `${r.table_name}|${r.row_id}|${r.field}`
        if (later(fields.get(key), r)) fields.set(key, { hlc: r.hlc, id: r.id })
      }
    }
  }
  return { fields, inserts }
}

const isSyncedField = (table: string, field: string | null) => {
  const spec = specOf(table)
  return spec.kind === 'row' && field !== null && (spec.synced as readonly string[]).includes(field)
}

/** Customer fields settled by claims (one value per owner), not by a plain update. */
const isClaimed = (table: string, field: string) => table === 'customers' && (field === 'username' || field === 'gift_card_number')

/**
 * A new customer's stores and staff caches, as rebuildCaches('members') would make them: its
 * members all carry the insert's HLC, so stores in id order and the first staff by id. Made
 * here so a batch of new customers is not written twice.
 */
function firstMembers(values: Row): Row {
  const members = (set: string) => [...new Set((values[set] ?? []) as string[])].sort()
  return {
    store_ids: JSON.stringify(members('customer_stores')),
    assigned_staff_ids: JSON.stringify(members('customer_staff').slice(0, MAX_ASSIGNED_STAFF)),
  }
}

export class BatchApplier {
  private readonly fieldWrites: FieldWrite[] = []
  private readonly memberWrites: LogEntry[] = []
  /** Inserts applied in this batch, by `table|row`: they wrote every field (and a customer's first members). */
  private readonly batchInserts = new Map<string, LogEntry>()
  private readonly newCustomers: { id: string; values: Row; entry: LogEntry }[] = []
  /** Updates written into their new row by fold(): not applied again by fields(). */
  private readonly folded = new Set<FieldWrite>()
  /** `kind|value` of usernames and gift card numbers claimed twice in the batch or already held: settled by the claims rule. */
  private readonly contested = new Set<string>()

  constructor(
    private readonly db: Knex,
    private readonly touched: Touched,
  ) {}

  /** Applies the entries (already filtered: ready, not about an erased customer) and returns them. */
  async apply(entries: readonly LogEntry[]): Promise<void> {
    const sorted = [...entries].sort(compareEntries)
    // The erase of a customer this store never had goes first: its tombstone is the row a kept
    // receipt points at, and there is nothing before it to clear. Other erases go last.
    const erases = sorted.filter((e) => e.op === 'erase')
    // Asked only when there are erases: an empty IN list is a scan of every customer in SQLite.
    const present = erases.length ? await this.db('customers').whereIn('id', erases.map((e) => e.row_id)).pluck('id') : []
    for (const entry of erases.filter((e) => !present.includes(e.row_id))) await applyEntry(this.db, entry, this.touched)
    const inserts = sorted.filter((e) => e.op === 'insert' || e.op === 'snapshot')
    const updates: FieldWrite[] = []
    for (const entry of sorted) {
      // A column the spec does not sync is not written (a newer app's), as applyField leaves it.
      if (entry.op === 'update' && isSyncedField(entry.table_name, entry.field)) {
        updates.push({ stamp: entry, table: entry.table_name, rowId: entry.row_id, field: entry.field!, value: valueOf<unknown>(entry) })
      }
      if (entry.op === 'add' || entry.op === 'remove') this.memberWrites.push(entry)
    }
    await this.findContested(inserts)
    await this.inserts(inserts, await this.foldable(inserts, updates))
    // New customers' claims before the batch's field writes: a later write of the same customer's
    // username or gift card number (a conflict resolved, a card changed) replaces its claim.
    await this.claims()
    this.fieldWrites.push(...updates.filter((write) => !this.folded.has(write)))
    await this.fields()
    await this.members()
    await this.appends(sorted.filter((e) => e.op === 'append'))
    for (const entry of erases.filter((e) => present.includes(e.row_id))) await applyEntry(this.db, entry, this.touched)
  }

  /**
   * The batch's updates of rows its inserts create, by `table|row`: the latest write of each
   * plain field goes into the new row itself (a joining store gets a customer and its later
   * edits together), so the row is written once, its search keys made once, and no UPDATE
   * follows. Only rows the log knows nothing about (nothing to compare with but the insert);
   * claims (username, gift card) still go through their rule in fields().
   */
  private async foldable(inserts: readonly LogEntry[], updates: readonly FieldWrite[]): Promise<Map<string, FieldWrite[]>> {
    // A row inserted twice in the batch (an insert and a snapshot) merges the second like updates: not folded.
    const creating = new Map<string, LogEntry | null>()
    for (const entry of inserts) {
      const key = `${entry.table_name}|${entry.row_id}`
      creating.set(key, creating.has(key) ? null : entry)
    }
    // A merge pointer stays an update: it needs its survivor's row first.
    const candidates = updates.filter((w) => creating.get(`${w.table}|${w.rowId}`) && !isClaimed(w.table, w.field) && w.field !== 'merged_into' && (specOf(w.table) as RowTable).synced.includes(w.field))
    const byRow = new Map<string, FieldWrite[]>()
    if (candidates.length === 0) return byRow
    const known = await knownWrites(this.db, [...new Set(candidates.map((w) => w.table))], candidates.map((w) => w.rowId))
    const logged = new Set([...known.inserts.keys(), ...[...known.fields.keys()].map((key) => key.split('|').slice(0, 2).join('|'))])
    for (const write of candidates) {
      const key = `${write.table}|${write.rowId}`
      if (logged.has(key) || !later(creating.get(key)!, write.stamp)) continue
      pushTo(byRow, key, write)
    }
    return byRow
  }

  /** The row's values with the latest of its folded writes per field (see foldable); those writes are marked done. */
  private fold(value: Row, writes: readonly FieldWrite[] | undefined): Row {
    if (!writes) return value
    const latest = new Map<string, FieldWrite>()
    for (const write of writes) if (later(latest.get(write.field)?.stamp, write.stamp)) latest.set(write.field, write)
    const out = { ...value }
    // A null written is null on the row (an absent field would take the column's default).
    for (const [field, write] of latest) out[field] = write.value ?? null
    for (const write of writes) this.folded.add(write)
    return out
  }

  /** New rows in bulk; an insert of a row that exists merges its fields like updates. */
  private async inserts(entries: readonly LogEntry[], foldable: ReadonlyMap<string, FieldWrite[]>): Promise<void> {
    for (const [table, list] of byTableParentsFirst(entries)) {
      const spec = specOf(table) as RowTable
      const defaults = await columnDefaults(this.db, table)
      const exists = await presentIds(this.db, table, list.map((e) => e.row_id))
      const rows: Row[] = []
      const made = new Set<string>()
      for (const entry of list) {
        const value = parse(entry)
        if (exists.has(entry.row_id) || made.has(entry.row_id)) {
          for (const [field, v] of Object.entries(value)) {
            if (spec.synced.includes(field)) this.fieldWrites.push({ stamp: entry, table, rowId: entry.row_id, field, value: v })
          }
          continue
        }
        made.add(entry.row_id)
        // Like any new row's, its search keys are made from these values here (not by rebuildDerived).
        const folds = foldable.get(`${table}|${entry.row_id}`)
        const row = newRow(table, entry.row_id, this.fold(value, folds), entry, defaults)
        // An uncontested username or gift card number goes straight on the row (with its claim, below).
        for (const kind of table === 'customers' ? CLAIM_KINDS : []) {
          const claimed = value[CLAIM_COLUMN[kind]]
          if (typeof claimed === 'string' && !this.contested.has(`${kind}|${claimKey(kind, claimed)}`)) row[CLAIM_COLUMN[kind]] = claimed
        }
        rows.push(row)
        this.batchInserts.set(`${table}|${entry.row_id}`, entry)
        if (table === 'customers') {
          this.newCustomers.push({ id: entry.row_id, values: value, entry })
          Object.assign(row, firstMembers(value))
        }
        if (table === 'customer_photos') this.touched.photos.add(entry.row_id)
      }
      await insertMany(this.db, table, rows)
    }
    // A new customer's first stores and staff, stamped with its insert.
    for (const set of ['customer_stores', 'customer_staff'] as const) {
      const spec = specOf(set) as SetTable
      const rows = this.newCustomers.flatMap(({ id, values, entry }) =>
        [...new Set((values[set] ?? []) as string[])].map((member) => ({ [spec.ownerColumn]: id, [spec.memberColumn]: member, hlc: entry.hlc })),
      )
      await insertMany(this.db, set, rows)
    }
  }

  /** Each field takes its latest write by (HLC, id) among the log and this batch; a row gets one UPDATE. */
  private async fields(): Promise<void> {
    if (this.fieldWrites.length === 0) return
    const tables = [...new Set(this.fieldWrites.map((w) => w.table))]
    const known = await knownWrites(this.db, tables, this.fieldWrites.map((w) => w.rowId))
    const winners = new Map<string, FieldWrite>()
    for (const write of this.fieldWrites) {
      const key = `${write.table}|${write.rowId}|${write.field}`
      const insert = this.batchInserts.get(`${write.table}|${write.rowId}`) ?? known.inserts.get(`${write.table}|${write.rowId}`)
      const current = [known.fields.get(key), insert, winners.get(key)?.stamp].filter((s): s is Stamp => s !== undefined).sort(compareEntries).at(-1)
      if (later(current, write.stamp)) winners.set(key, write)
    }
    const byRow = new Map<string, FieldWrite[]>()
    for (const write of winners.values()) pushTo(byRow, `${write.table}|${write.rowId}`, write)
    // Plain fields: one row of new values per row, written per table in a few statements.
    const updates = new Map<string, Record<string, unknown>[]>()
    for (const writes of byRow.values()) {
      const { table, rowId } = writes[0]
      const plain = writes.filter((w) => !isClaimed(table, w.field))
      if (plain.length) pushTo(updates, table, { id: rowId, ...Object.fromEntries(plain.map((w) => [w.field, w.value])) })
    }
    for (const [table, rows] of updates) await updateInChunks(this.db, table, 'id', rows)
    for (const writes of byRow.values()) {
      const { table, rowId } = writes[0]
      for (const claim of writes.filter((w) => isClaimed(table, w.field))) {
        const entry = claim.stamp as LogEntry
        await setClaim(this.db, claim.field === 'username' ? 'username' : 'gift_card', rowId, (claim.value as string | null) ?? null, {
          hlc: entry.hlc,
          entryId: entry.id,
          at: entry.created_at ?? '',
        })
      }
      if (table === 'customers') this.touched.fields.add(rowId)
      if (table === 'customer_photos') this.touched.photos.add(rowId)
    }
  }

  /** Each set's member takes its latest add or remove by (HLC, id); the owner's insert counts as the first. */
  private async members(): Promise<void> {
    if (this.memberWrites.length === 0) return
    const sets = [...new Set(this.memberWrites.map((e) => e.table_name))]
    const owners = this.memberWrites.map((e) => e.row_id)
    const known = await knownWrites(this.db, [...sets, 'customers'], owners)
    const winners = new Map<string, LogEntry>()
    for (const entry of this.memberWrites) {
      const key = `${entry.table_name}|${entry.row_id}|${entry.field}`
      const insert = this.batchInserts.get(`customers|${entry.row_id}`) ?? known.inserts.get(`customers|${entry.row_id}`)
      const current = [known.fields.get(key), insert, winners.get(key)].filter((s): s is Stamp => s !== undefined).sort(compareEntries).at(-1)
      if (later(current, entry)) winners.set(key, entry)
    }
    for (const entry of winners.values()) {
      const spec = specOf(entry.table_name) as SetTable
      const key = { [spec.ownerColumn]: entry.row_id, [spec.memberColumn]: entry.field }
      await this.db(entry.table_name).where(key).delete()
      if (entry.op === 'add') await this.db(entry.table_name).insert({ ...key, hlc: entry.hlc })
      this.touched.members.add(entry.row_id)
    }
  }

  /** Rows written once, inserted if absent, with their children. */
  private async appends(entries: readonly LogEntry[]): Promise<void> {
    for (const [table, list] of byTableParentsFirst(entries)) {
      const spec = specOf(table) as AppendTable
      const rows: Row[] = []
      const children = new Map<string, Row[]>()
      for (const entry of list) {
        const value = parse(entry)
        const row: Row = { id: entry.row_id }
        for (const column of spec.synced) if (column in value) row[column] = value[column]
        rows.push(row)
        for (const child of spec.children ?? []) {
          const childSpec = specOf(child)
          if (childSpec.kind !== 'child') continue
          for (const c of (value[child] ?? []) as Row[]) {
            const out: Row = { id: c.id, [childSpec.parentColumn]: entry.row_id }
            for (const column of childSpec.synced) if (column in c && column !== childSpec.parentColumn) out[column] = c[column]
            pushTo(children, child, out)
          }
        }
        touchAppended(this.touched, table, value.customer_id)
      }
      await insertMany(this.db, table, rows, { orIgnore: true })
      for (const [child, childRows] of children) await insertMany(this.db, child, childRows, { orIgnore: true })
    }
  }

  /** The claims new customers make, from their insert entries. */
  private static claimsOf(entries: readonly LogEntry[]) {
    return entries.flatMap((entry) => {
      if (entry.table_name !== 'customers') return []
      const values = parse(entry)
      return CLAIM_KINDS.flatMap((kind) => {
        const value = values[CLAIM_COLUMN[kind]]
        return typeof value === 'string' ? [{ kind, customer_id: entry.row_id, value_key: claimKey(kind, value), value, hlc: entry.hlc, entry_id: entry.id, at: entry.created_at }] : []
      })
    })
  }

  /** Values claimed twice in this batch, or already held by someone: those are settled by the claims rule, not written straight. */
  private async findContested(inserts: readonly LogEntry[]): Promise<void> {
    const claims = BatchApplier.claimsOf(inserts)
    const seen = new Set<string>()
    for (const claim of claims) {
      const key = `${claim.kind}|${claim.value_key}`
      if (seen.has(key)) this.contested.add(key)
      seen.add(key)
    }
    for (const kind of CLAIM_KINDS) {
      // By kind and value: searched in the index (kind, value_key), not the whole table read per chunk.
      for (const chunk of chunks(claims.filter((c) => c.kind === kind))) {
        const held: { value_key: string }[] = await this.db('customer_claims').select('value_key').where({ kind }).whereIn('value_key', chunk.map((c) => c.value_key))
        for (const h of held) this.contested.add(`${kind}|${h.value_key}`)
      }
    }
  }

  /** New customers' claims are kept; contested values are settled (the earliest claim keeps the value). */
  private async claims(): Promise<void> {
    const claims = BatchApplier.claimsOf(this.newCustomers.map((c) => c.entry))
    await insertMany(this.db, 'customer_claims', claims.map(({ at: _at, ...claim }) => claim))
    for (const key of this.contested) {
      const [kind, valueKey] = key.split('|') as [ClaimKind, string]
      const claim = claims.find((c) => c.kind === kind && c.value_key === valueKey)
      if (claim) await settleClaims(this.db, kind, valueKey, claim.at)
    }
  }
}
