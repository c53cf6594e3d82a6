import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { refreshThumbnail } from '../customers/photos'
import { scrubBackups } from '../db/backup-scrub'
import { insertInChunks, type LogEntry } from '../db/changelog'
import { leaveNoTrace } from '../db/free-space'
import { applyEntry, noneTouched, type Touched } from './apply-ops'
import { rebuildCaches, rebuildDerived } from './caches'
import { compareEntries, toLogEntry, wallOf } from './entry'
import { rebuildVisitCaches } from '../visits/caches'
import { SCHEMA_VERSION, isSyncedTable, specOf } from './spec'

/**
 * The applier: takes other stores' entries, in any order, any number of times, and brings
 * this database to the state those stores are in. The entries of one command (a transaction
 * unit) apply together or not at all; an entry already applied changes nothing.
 *
 * An entry that cannot apply yet waits in `sync_inbox`: its unit is not complete, a row it
 * points at has not arrived (a child before its parent), it is more than five minutes ahead
 * of this PC's clock (held back until the clock catches up, so one store's wrong clock cannot
 * win every later edit), or it was written by a newer version of the app. Every later apply
 * tries the inbox again. The merge rules per table are in sync/README.md.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

export type ParkReason = 'incomplete' | 'waiting' | 'ahead' | 'newer'

export interface ApplyResult {
  /** Entries applied now (from this call or from the inbox). */
  applied: number
  /** Entries refused as malformed. */
  refused: number
  /** Entries about an erased customer, dropped. */
  dropped: number
  /** Entries waiting in the inbox, by reason. */
  waiting: Record<ParkReason, number>
}

type Unit = LogEntry[]

/** The rows an entry needs before it can apply, as (table, id) pairs. */
function parentsOf(entry: LogEntry, value: Record<string, unknown> | null): [string, string][] {
  const spec = specOf(entry.table_name)
  const needs: [string, string][] = []
  const from = (row: Record<string, unknown>, parents: Readonly<Record<string, string>> | undefined) => {
    for (const [column, table] of Object.entries(parents ?? {})) {
      const id = column === 'id' ? entry.row_id : row[column]
      if (typeof id === 'string' && !(table === entry.table_name && id === entry.row_id)) needs.push([table, id])
    }
  }
  if (entry.op === 'insert' || entry.op === 'snapshot') from(value ?? {}, spec.kind === 'row' ? spec.parents : undefined)
  if (entry.op === 'update') needs.push([entry.table_name, entry.row_id])
  if ((entry.op === 'add' || entry.op === 'remove') && spec.kind === 'set') needs.push([spec.owner, entry.row_id])
  if (entry.op === 'append' && spec.kind === 'append') {
    from(value ?? {}, spec.parents)
    for (const child of spec.children ?? []) {
      const childSpec = specOf(child)
      if (childSpec.kind !== 'child') continue
      for (const row of ((value ?? {})[child] ?? []) as Record<string, unknown>[]) from(row, childSpec.parents)
    }
  }
  return needs
}

/** The customer an entry is about, when it is personal data about one. */
async function customerOf(db: Knex, entry: LogEntry, value: Record<string, unknown> | null): Promise<string | undefined> {
  if (['customers', 'customer_photos', 'customer_stores', 'customer_staff'].includes(entry.table_name)) return entry.row_id
  const spec = specOf(entry.table_name)
  if (spec.kind !== 'append') return undefined
  if (spec.customerColumn) return (value?.[spec.customerColumn] as string | undefined) ?? undefined
  if (spec.customerVia) {
    const via = value?.[spec.customerVia.column]
    if (typeof via !== 'string') return undefined
    return (await db(spec.customerVia.table).where({ id: via }).first('customer_id'))?.customer_id ?? undefined
  }
  return undefined
}

/** A receipt of an erased customer still applies (the store's books), without free text about them. */
function withoutFreeText(entry: LogEntry, value: Record<string, unknown>): LogEntry {
  const payments = ((value.receipt_payments ?? []) as Record<string, unknown>[]).map((p) => ({ ...p, reference: null }))
  return { ...entry, value: JSON.stringify({ ...value, void_reason: null, receipt_payments: payments }) }
}

class Applier {
  readonly touched: Touched = noneTouched()
  applied = 0
  dropped = 0

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly services: CoreServices,
  ) {}

  private async exists(table: string, id: string): Promise<boolean> {
    return Boolean(await this.trx(table).where({ id }).first('id'))
  }

  private async erased(customerId: string): Promise<boolean> {
    return Boolean(await this.trx('customers').where({ id: customerId }).whereNotNull('erased_at').first('id'))
  }

  /** How many entries a unit has: its size, less those an erase removed from it. */
  private async expectedSize(unit: Unit): Promise<number> {
    const erased = await this.trx('erased_units').where({ tx: unit[0].tx }).first()
    return unit[0].tx_size - Number(erased?.removed ?? 0)
  }

  /** Why a complete unit cannot apply yet, or null when it can. */
  private async blocker(unit: Unit): Promise<ParkReason | null> {
    if (unit.some((e) => e.schema_version > SCHEMA_VERSION)) return 'newer'
    const now = this.services.now().getTime()
    if (unit.some((e) => wallOf(e.hlc) > now + MAX_CLOCK_AHEAD_MS)) return 'ahead'
    const made = new Set(unit.filter((e) => ['insert', 'snapshot', 'append', 'erase'].includes(e.op)).map((e) => `${e.table_name}:${e.row_id}`))
    for (const entry of unit) {
      const value = entry.value === null ? null : JSON.parse(entry.value)
      // Dropped when applied, so it needs nothing: the rows it points at may have gone with the erase.
      if (await this.willDrop(entry, value)) continue
      for (const [table, id] of parentsOf(entry, value)) {
        if (!made.has(`${table}:${id}`) && !(await this.exists(table, id))) return 'waiting'
      }
    }
    return null
  }

  /** Whether an entry is about an erased customer and is dropped (a receipt applies, without free text). */
  private async willDrop(entry: LogEntry, value: Record<string, unknown> | null): Promise<boolean> {
    if (entry.op === 'erase' || entry.table_name === 'receipts') return false
    const customerId = await customerOf(this.trx, entry, value)
    return Boolean(customerId && (await this.erased(customerId)))
  }

  /** Applies a ready unit in one savepoint; entries about an erased customer are dropped, not kept. */
  async applyUnit(unit: Unit): Promise<void> {
    await this.trx.transaction(async (savepoint) => {
      const recorded: LogEntry[] = []
      for (const entry of [...unit].sort(compareEntries)) {
        const value = entry.value === null ? null : (JSON.parse(entry.value) as Record<string, unknown>)
        const customerId = entry.op === 'erase' ? undefined : await customerOf(savepoint, entry, value)
        let applied = entry
        if (customerId && (await this.erased(customerId))) {
          if (entry.table_name !== 'receipts') {
            this.dropped += 1
            continue
          }
          applied = withoutFreeText(entry, value!)
        }
        await applyEntry(savepoint, applied, this.touched)
        recorded.push(applied)
      }
      await insertInChunks(savepoint, 'change_log', recorded as unknown as Record<string, unknown>[])
      await savepoint('sync_inbox').whereIn('id', unit.map((e) => e.id)).delete()
      this.applied += recorded.length
    })
    this.services.hlc.receive(unit.reduce((max, e) => (e.hlc > max ? e.hlc : max), unit[0].hlc))
  }

  /** Tries every complete unit in the inbox, oldest first, until a pass applies nothing. */
  async drainInbox(): Promise<Record<ParkReason, number>> {
    for (;;) {
      const rows: { entry: string }[] = await this.trx('sync_inbox').select('entry')
      const units = new Map<string, Unit>()
      for (const { entry } of rows) {
        const parsed = JSON.parse(entry) as LogEntry
        units.set(parsed.tx, [...(units.get(parsed.tx) ?? []), parsed])
      }
      const waiting: Record<ParkReason, number> = { incomplete: 0, waiting: 0, ahead: 0, newer: 0 }
      let progress = false
      const ordered = [...units.values()].sort((a, b) => compareEntries(a.reduce(min), b.reduce(min)))
      for (const unit of ordered) {
        const reason = unit.length < (await this.expectedSize(unit)) ? 'incomplete' : await this.blocker(unit)
        if (reason) {
          waiting[reason] += unit.length
          await this.trx('sync_inbox').whereIn('id', unit.map((e) => e.id)).update({ reason })
          continue
        }
        await this.applyUnit(unit)
        progress = true
      }
      if (!progress) return waiting
    }
  }
}

const min = (a: LogEntry, b: LogEntry) => (compareEntries(a, b) <= 0 ? a : b)

/** Entries already in the change log (applied before, or this store's own). */
async function knownIds(db: Knex, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const id of await db('change_log').whereIn('id', chunk).pluck('id')) known.add(id)
    for (const id of await db('sync_inbox').whereIn('id', chunk).pluck('id')) known.add(id)
  }
  return known
}

/**
 * Applies entries from other stores in one local transaction, then brings the caches of every
 * customer they touched up to date (balance, last reason, flag, stores and staff, search keys,
 * thumbnail). An erase among them also clears the freed bytes and the backups, as a local erase does.
 */
export async function applyEntries(services: CoreServices, incoming: readonly unknown[]): Promise<ApplyResult> {
  const entries = incoming.map(toLogEntry)
  const valid = entries.filter((e): e is LogEntry => e !== undefined && (e.op === 'legacy' || isSyncedTable(e.table_name)))
  const refused = incoming.length - valid.length
  const result = await services.db.transaction(async (trx) => {
    const known = await knownIds(trx, valid.map((e) => e.id))
    const fresh = valid.filter((e) => !known.has(e.id) && e.op !== 'legacy')
    const at = services.now().toISOString()
    await insertInChunks(
      trx,
      'sync_inbox',
      [...new Map(fresh.map((e) => [e.id, e])).values()].map((e) => ({ id: e.id, tx: e.tx, reason: 'incomplete', entry: JSON.stringify(e), received_at: at })),
    )
    const applier = new Applier(trx, services)
    const waiting = await applier.drainInbox()
    await refreshCaches(trx, applier.touched)
    return { applied: applier.applied, dropped: applier.dropped, waiting, touched: applier.touched }
  })
  if (result.touched.erased.size) {
    await leaveNoTrace(services.db)
    await scrubBackups(services.dataDir, [...result.touched.erased], services.log)
  }
  return { applied: result.applied, refused, dropped: result.dropped, waiting: result.waiting }
}

async function refreshCaches(db: Knex, touched: Touched): Promise<void> {
  await rebuildDerived(db, [...touched.fields])
  await rebuildCaches(db, ['ledger'], [...touched.ledger])
  await rebuildCaches(db, ['flags'], [...touched.flags])
  await rebuildCaches(db, ['members'], [...touched.members])
  for (const id of touched.photos) await refreshThumbnail(db, id)
  await rebuildVisitCaches(db, [...touched.visits])
}
