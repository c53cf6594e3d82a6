import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { refreshThumbnail } from '../customers/photos'
import { scrubBackups } from '../db/backup-scrub'
import { flushEntries, logErase, newWriter, type LogEntry } from '../db/changelog'
import { insertInChunks } from '../db/chunks'
import { leaveNoTrace } from '../db/free-space'
import { presentIds } from '../db/present-ids'
import { BatchApplier, insertMany } from './apply-batch'
import { applyEntry, noneTouched, type Touched } from './apply-ops'
import { rebuildCaches, rebuildDerived } from './caches'
import { compareEntries, stillFits, toLogEntry, valueOf, wallOf } from './entry'
import { madeBy, madeWithin, parentsOf } from './needs'
import { SCHEMA_VERSION, isSyncedTable, specOf } from './spec'
import { rebuildVisitCaches } from '../visits/caches'
import { eraseMergedFamilies } from '../customers/merge/erase-family'
import { eraseFromInbox } from '../customers/erasure/inbox'
import { withoutFreeText } from '../customers/erasure/rows'
import { customersOf } from './about-customer'
import { settleMerges } from '../customers/merge/settle'
import { signInsOf } from './sign-ins'
import { keepAnOwner } from '../users/keep-owner'

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
 *
 * Ready units are applied together by the batch applier (apply-batch.ts): a few statements per
 * table instead of several per entry. Should a batch fail, its units are applied one by one,
 * each in a savepoint, so one bad unit waits in the inbox and the others still apply.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

export type ParkReason = 'incomplete' | 'waiting' | 'ahead' | 'newer' | 'failed'

export interface ApplyResult {
  /** Entries applied now (from this call or from the inbox). */
  applied: number
  /** Entries refused as malformed. */
  refused: number
  /** Entries about an erased customer, dropped. */
  dropped: number
  /** Entries waiting in the inbox, by reason. */
  waiting: Record<ParkReason, number>
  /** Batches that failed together and were applied unit by unit instead (a sign of a bug to look at). */
  fallbacks: number
}

export interface ApplyOptions {
  /** Runs in the apply's own transaction after the entries (the hub's pull cursor moves with them). */
  alongside?: (trx: Knex.Transaction) => Promise<void>
  /** False for a restore's copy (carry-sent.ts): the restore holds the backups' turn a scrub would wait for. */
  cleanBackups?: boolean
}

type Unit = LogEntry[]
type Row = Record<string, unknown>
const CHUNK = 500

/** Customers erased (for presentIds). */
const ERASED = { onlyWhere: 't.erased_at IS NOT NULL' }

const noWaiting = (): Record<ParkReason, number> => ({ incomplete: 0, waiting: 0, ahead: 0, newer: 0, failed: 0 })

class Applier {
  readonly touched: Touched = noneTouched()
  readonly waiting = noWaiting()
  applied = 0
  dropped = 0
  fallbacks = 0
  /** Entries not applied yet: the inbox and what just arrived, by id. */
  private readonly pool = new Map<string, LogEntry>()
  private readonly reasons = new Map<string, ParkReason>()

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly services: CoreServices,
  ) {}

  add(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.pool.set(entry.id, entry)
  }

  /** The units in the pool that can apply now, oldest first; the others get their reason. */
  private async plan(): Promise<Unit[]> {
    const units = new Map<string, Unit>()
    for (const entry of this.pool.values()) {
      const unit = units.get(entry.tx)
      if (unit) unit.push(entry)
      else units.set(entry.tx, [entry])
    }
    const { counted, lost } = await this.erasedFrom([...units.keys()])
    const now = this.services.now().getTime()
    // Entries about an erased customer are dropped when applied, so they need no parents (those may have gone with the erase).
    const dropped = await this.droppedIds([...this.pool.values()])
    const candidates: { unit: Unit; needs: [string, string][] }[] = []
    for (const whole of units.values()) {
      const tx = whole[0].tx
      // An entry an erase took is dropped wherever it arrives; the unit counts it as there.
      const gone = lost.get(tx)
      const unit = gone ? whole.filter((e) => !gone.has(e.id)) : whole
      if (gone) for (const entry of whole) if (gone.has(entry.id)) this.drop(entry)
      if (unit.length === 0) continue
      const mark = (reason: ParkReason) => unit.forEach((e) => this.reasons.set(e.id, reason))
      if (unit.length + (gone?.size ?? 0) < unit[0].tx_size - (counted.get(tx) ?? 0)) mark('incomplete')
      else if (unit.some((e) => e.schema_version > SCHEMA_VERSION)) mark('newer')
      else if (unit.some((e) => wallOf(e.hlc) > now + MAX_CLOCK_AHEAD_MS)) mark('ahead')
      else if (unit.some((e) => this.reasons.get(e.id) === 'failed')) continue
      else candidates.push({ unit, needs: unit.flatMap((e) => (dropped.has(e.id) ? [] : parentsOf(e, valueOf(e)))) })
    }
    // Parents that exist already, then units whose parents exist or are made by a unit that can apply.
    const byTable = new Map<string, string[]>()
    for (const { needs } of candidates) {
      for (const [table, id] of needs) {
        const ids = byTable.get(table)
        if (ids) ids.push(id)
        else byTable.set(table, [id])
      }
    }
    const present = new Set<string>()
    for (const [table, ids] of byTable) for (const id of await presentIds(this.trx, table, ids)) present.add(`${table}:${id}`)
    const ready: Unit[] = []
    let pending = candidates
    for (;;) {
      const next: typeof candidates = []
      for (const candidate of pending) {
        if (candidate.needs.every(([table, id]) => present.has(`${table}:${id}`) || madeWithin(candidate.unit, `${table}:${id}`))) {
          ready.push(candidate.unit)
          for (const entry of candidate.unit) {
            const made = madeBy(entry)
            if (made) present.add(made)
          }
        } else next.push(candidate)
      }
      if (next.length === pending.length) break
      pending = next
    }
    for (const { unit } of pending) unit.forEach((e) => this.reasons.set(e.id, 'waiting'))
    // Oldest first, by each unit's first entry (found once per unit, not per comparison).
    const firsts = ready.map((unit) => ({ unit, first: unit.reduce((a, b) => (compareEntries(a, b) <= 0 ? a : b)) }))
    return firsts.sort((a, b) => compareEntries(a.first, b.first)).map(({ unit }) => unit)
  }

  /**
   * What erases took from these units: entries by id (`erased_entries`), and counts named by
   * erases written before ids were (`erased_units`). Two empty tables, the usual case, cost one
   * query; no units (the pool emptied: the drain's last plan), none.
   */
  private async erasedFrom(txs: readonly string[]): Promise<{ counted: Map<string, number>; lost: Map<string, Set<string>> }> {
    const counted = new Map<string, number>()
    const lost = new Map<string, Set<string>>()
    if (txs.length === 0) return { counted, lost }
    const [{ any }] = await this.trx.raw('SELECT EXISTS (SELECT 1 FROM erased_entries) OR EXISTS (SELECT 1 FROM erased_units) AS "any"')
    if (!any) return { counted, lost }
    for (let i = 0; i < txs.length; i += CHUNK) {
      const chunk = txs.slice(i, i + CHUNK)
      for (const row of await this.trx('erased_units').whereIn('tx', chunk)) counted.set(row.tx, Number(row.removed))
      for (const row of await this.trx('erased_entries').whereIn('tx', chunk)) {
        const ids = lost.get(row.tx)
        if (ids) ids.add(row.entry_id)
        else lost.set(row.tx, new Set([row.entry_id]))
      }
    }
    return { counted, lost }
  }

  /** An entry that will never apply (an erase took it): out of the pool and the inbox. */
  private drop(entry: LogEntry): void {
    this.pool.delete(entry.id)
    this.reasons.delete(entry.id)
    this.dropped += 1
  }

  /**
   * Entries (by id) dropped when applied: about an erased customer, and not a receipt (which
   * applies without free text). Those found through a receipt need it anyway: left out.
   */
  private async droppedIds(entries: readonly LogEntry[]): Promise<Set<string>> {
    const direct = entries.filter((e) => e.table_name !== 'receipts' && !(specOf(e.table_name) as { customerVia?: unknown }).customerVia)
    const customerOf = await customersOf(this.trx, direct)
    const erased = await presentIds(this.trx, 'customers', customerOf.values(), ERASED)
    return new Set([...customerOf].filter(([, customer]) => erased.has(customer)).map(([id]) => id))
  }

  /** What each entry becomes given the customers already erased: applied, stripped of free text, or dropped. */
  private async aboutErased(entries: readonly LogEntry[]): Promise<LogEntry[]> {
    const customerOf = await customersOf(this.trx, entries)
    const erased = await presentIds(this.trx, 'customers', customerOf.values(), ERASED)
    // An erase among these entries counts already: what it would clear is not written first.
    for (const entry of entries) if (entry.op === 'erase') erased.add(entry.row_id)
    const out: LogEntry[] = []
    for (const entry of entries) {
      const customer = customerOf.get(entry.id)
      if (!customer || !erased.has(customer)) out.push(entry)
      // A receipt of an erased customer still applies (the store's books), without free text about them, as the erase leaves it.
      else if (entry.table_name === 'receipts') out.push({ ...entry, value: withoutFreeText(entry.value!) })
      else this.dropped += 1
    }
    return out
  }

  /** Applies units together; on a failure, one by one, so a unit that cannot apply waits and the rest go on. */
  private async applyUnits(units: Unit[]): Promise<void> {
    // Counted once the savepoint holds: a batch that fails is applied again unit by unit.
    let applied = 0
    try {
      await this.trx.transaction(async (savepoint) => {
        const entries = await this.aboutErased(units.flat())
        await new BatchApplier(savepoint, this.touched).apply(entries)
        await this.record(savepoint, entries)
        await this.logUntold(savepoint)
        applied = entries.length
      })
      this.applied += applied
      this.done(units)
    } catch (error) {
      this.touched.untold.length = 0
      this.fallbacks += 1
      this.services.log(`sync: a batch of ${units.length} units fell back to one by one: ${(error as Error).name}`)
      if (process.env.SYNC_DEBUG) console.error(error)
      for (const unit of units) {
        try {
          await this.trx.transaction(async (savepoint) => {
            const entries = await this.aboutErased(unit)
            for (const entry of [...entries].sort(compareEntries)) await applyEntry(savepoint, entry, this.touched)
            await this.record(savepoint, entries)
            await this.logUntold(savepoint)
            applied = entries.length
          })
          this.applied += applied
          this.done([unit])
        } catch (error) {
          this.touched.untold.length = 0
          this.services.log(`sync: a unit of ${unit.length} entries could not apply: ${(error as Error).name}`)
          unit.forEach((e) => this.reasons.set(e.id, 'failed'))
        }
      }
    }
  }

  /**
   * The erases applied here that made this store drop entries they did not name (see
   * Touched.untold), logged again as this store's own entries naming them, in the same
   * transaction: a store that got the rest of those units from this one learns that the dropped
   * entries will never come. A store not set up yet pushes nothing, so it has nothing to tell.
   */
  private async logUntold(trx: Knex.Transaction): Promise<void> {
    const untold = this.touched.untold.splice(0)
    const storeId = this.services.localStoreId()
    if (untold.length === 0 || !storeId) return
    const w = newWriter(trx, { storeId, userId: null, at: this.services.now().toISOString(), tick: () => this.services.hlc.tick() })
    for (const { customerId, tombstone } of untold) logErase(w, customerId, { ...tombstone })
    await flushEntries(w)
  }

  private async record(db: Knex, entries: readonly LogEntry[]): Promise<void> {
    await insertMany(db, 'change_log', entries as unknown as Row[], { asGiven: true })
  }

  private done(units: Unit[]): void {
    let latest = ''
    for (const unit of units) {
      for (const entry of unit) {
        this.pool.delete(entry.id)
        this.reasons.delete(entry.id)
        if (entry.hlc > latest) latest = entry.hlc
      }
    }
    if (latest) this.services.hlc.receive(latest)
  }

  /** Applies what can apply until nothing more can (a unit applied may be the parent another waited for). */
  async drain(): Promise<void> {
    for (;;) {
      const ready = await this.plan()
      if (ready.length === 0) break
      await this.applyUnits(ready)
    }
  }

  /** The inbox as the pool now is: what applied is gone, what waits is kept with its reason. */
  async saveInbox(before: ReadonlySet<string>): Promise<void> {
    const at = this.services.now().toISOString()
    const gone = [...before].filter((id) => !this.pool.has(id))
    for (let i = 0; i < gone.length; i += CHUNK) await this.trx('sync_inbox').whereIn('id', gone.slice(i, i + CHUNK)).delete()
    const fresh = [...this.pool.values()].filter((e) => !before.has(e.id))
    await insertInChunks(
      this.trx,
      'sync_inbox',
      fresh.map((e) => ({ id: e.id, tx: e.tx, reason: this.reasons.get(e.id) ?? 'waiting', entry: JSON.stringify(e), received_at: at })),
    )
    await this.forgetAboutErased(fresh)
  }

  /**
   * What just came to wait in the inbox about a customer who is erased (here, now or before it
   * came) goes as the erase took the rest: the inbox keeps nothing personal of them (see
   * eraseFromInbox), and the rest of its unit still applies when it comes.
   */
  private async forgetAboutErased(fresh: readonly LogEntry[]): Promise<void> {
    if (fresh.length === 0) return
    const customerOf = await customersOf(this.trx, fresh)
    const erased = await presentIds(this.trx, 'customers', customerOf.values(), ERASED)
    for (const customer of erased) this.dropped += (await eraseFromInbox(this.trx, customer)).length
  }

  /** What waits in the inbox now, by reason: nothing when the pool is empty (saveInbox left the inbox as the pool, or less). */
  async countWaiting(): Promise<void> {
    if (this.pool.size === 0) return
    const counts: { reason: ParkReason; n: number }[] = await this.trx('sync_inbox').select('reason').count({ n: '*' }).groupBy('reason')
    for (const { reason, n } of counts) this.waiting[reason] = Number(n)
  }
}

/**
 * Applies entries from other stores in one local transaction (with `alongside`), then brings
 * the caches of every customer they touched up to date (balance, last reason, flag, stores and
 * staff, search keys, thumbnail). An erase among them also clears the freed bytes and the
 * backups, as a local erase does.
 */
export async function applyEntries(services: CoreServices, incoming: readonly unknown[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const entries = incoming.map(toLogEntry)
  const valid = entries.filter((e): e is LogEntry => e !== undefined && e.op !== 'legacy' && isSyncedTable(e.table_name))
  const refused = entries.filter((e) => e === undefined).length
  const result = await services.db.transaction(async (trx) => {
    const applier = new Applier(trx, services)
    const inbox: { entry: string }[] = await trx('sync_inbox').select('entry')
    const parked = inbox.map((row) => JSON.parse(row.entry) as LogEntry)
    // Checked again: an entry of a newer version waited unjudged (entry.ts, fitsSpec); one refused now leaves the inbox.
    const fitting = parked.filter(stillFits)
    applier.add(fitting)
    const known = await presentIds(trx, 'change_log', valid.map((e) => e.id))
    const fresh = valid.filter((e) => !known.has(e.id))
    applier.add(fresh)
    const users = await signInsOf(trx, [...fitting, ...fresh])
    await applier.drain()
    await applier.saveInbox(new Set(parked.map((e) => e.id)))
    await applier.countWaiting()
    await settleMergesApplied(trx, services, applier.touched)
    // Two stores may each have removed the other's last owner: one is kept (users/keep-owner.ts).
    await keepAnOwner(trx, services)
    await refreshCaches(trx, applier.touched)
    await options.alongside?.(trx)
    return {
      signOut: await users.changed(),
      usersChanged: [...fitting, ...fresh].some((e) => e.table_name === 'users'),
      applied: applier.applied,
      refused: parked.length - fitting.length,
      dropped: applier.dropped,
      waiting: applier.waiting,
      fallbacks: applier.fallbacks,
      erased: applier.touched.erased,
    }
  })
  // As a local reset or deactivation does (users/service.ts), once what changed them is committed.
  for (const userId of result.signOut) services.sessions.signOutUser(userId)
  // A role or permissions changed at another store: what a signed-in session may do changes with them.
  if (result.usersChanged) services.sessions.accessChanged()
  if (result.erased.size) {
    await leaveNoTrace(services.db)
    if (options.cleanBackups !== false) await scrubBackups(services, [...result.erased])
  }
  return { applied: result.applied, refused: refused + result.refused, dropped: result.dropped, waiting: result.waiting, fallbacks: result.fallbacks }
}

/**
 * Merges brought to their end: rows naming a merged customer move to its survivor, and the
 * customers merged with an erased one are erased (and that erase logged as this store's own).
 */
async function settleMergesApplied(trx: Knex.Transaction, services: CoreServices, touched: Touched): Promise<void> {
  const settled = await settleMerges(trx, [...touched.fields, ...touched.named, ...touched.erased])
  const storeId = services.localStoreId()
  if (settled.families.length === 0 || !storeId) return
  const w = newWriter(trx, { storeId, userId: null, at: services.now().toISOString(), tick: () => services.hlc.tick() })
  for (const id of await eraseMergedFamilies(w, settled)) touched.erased.add(id)
  await flushEntries(w)
}

async function refreshCaches(db: Knex, touched: Touched): Promise<void> {
  await rebuildDerived(db, [...touched.fields])
  await rebuildCaches(db, ['ledger'], [...touched.ledger])
  await rebuildCaches(db, ['flags'], [...touched.flags])
  await rebuildCaches(db, ['members'], [...touched.members])
  for (const id of touched.photos) await refreshThumbnail(db, id)
  await rebuildVisitCaches(db, [...touched.visits])
}
