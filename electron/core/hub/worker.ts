import type pg from 'pg'
import type { HubFirstSync, HubProblem } from '../../contract/hub'
import type { CoreServices } from '../context'
import { backoffDelay, type Backoff } from '../mail/worker'
import type { SecretsPort } from '../mail/secrets'
import { withCheckpointAside } from '../db/checkpoint-aside'
import { worthDeferring } from '../db/defer-indexes'
import { withPageCache } from '../db/page-cache'
import { applyEntries } from '../sync/apply'
import { checkHubVersion } from './admin'
import { DEFAULT_BATCH, DEFAULT_COMPACT_SECONDS, DEFAULT_DEBOUNCE_MS, DEFAULT_HUB_BACKOFF, DEFAULT_INTERVAL_MS, FIRST_SYNC_BATCH, JOIN_CACHE_KIB, JOIN_PAGE } from './worker-defaults'
import { HUB_PAGE_LIMIT } from './page-limit'
import { describeHubError, HubError, openHub, type HubOptions } from './connection'
import { applyHubPage, compactHub, cursorAfterJoin, joinStart, pullBatch, pullBlobs, pushOwn, readAhead, readJoinPage } from './exchange'
import { putBackAfterJoin, setAsideForJoin } from './join-aside'
import { readLink, updateLink, type HubLink } from './link'

/**
 * A replacement PC was set up (first run) before it joined: that made a store and an owner of
 * its own, which never synced. Once the real store's history is back, they go (its accounts are
 * the store's own now; whoever signed in with the setup account signs in again with theirs).
 */
async function forgetSetupStore(services: CoreServices, storeId: string): Promise<void> {
  try {
    await services.db.transaction(async (trx) => {
      await trx('change_log').where({ store_id: storeId }).delete()
      await trx('tax_rates').where({ store_id: storeId }).delete()
      await trx('users').where({ store_id: storeId }).delete()
      await trx('stores').where({ id: storeId }).delete()
    })
  } catch (error) {
    services.log(`hub: the setup store of this replacement PC stays (${(error as Error).name})`)
  }
}

/** What the worker knows that the database does not (kept in memory, shown by hub:status). */
export interface HubLiveState {
  online: boolean
  syncing: boolean
  lastError: string | null
  lastProblem: HubProblem | null
  nextAttemptAt: string | null
  firstSync: HubFirstSync | null
  failures: number
}

/**
 * The sync worker: rounds (push, then pull) soon after a local change (debounced), on a timer,
 * and on Sync now; exponential backoff with jitter while the hub cannot be reached. Rounds run
 * one at a time, beside the commands: a command never waits for the network (it may wait
 * for a batch's local apply, which is a local transaction like any command's).
 */
export class HubWorker {
  readonly live: HubLiveState = { online: false, syncing: false, lastError: null, lastProblem: null, nextAttemptAt: null, firstSync: null, failures: 0 }
  private client: pg.Client | null = null
  /** The hub's schema version, as found when connecting (compaction needs 2). */
  private hubVersion = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerAt = Infinity
  /** When the timer's own round (interval, backoff) is due, kept while a nudge's check runs in its place. */
  private dueAt = Infinity
  private running: Promise<void> | null = null
  private again = false
  /** Set by stop (the app closing), cleared by start. */
  private closed = false
  /** Resets under way: the round running stops at its next page meanwhile. */
  private resetting = 0
  private lastSeenSeq = -1
  /** A store with no hub link has nothing to push: a nudge after its commands does nothing. */
  private linked = false
  /** The check a nudge started (a query), awaited by stop so nothing queries a closed database. */
  private ticking: Promise<void> | null = null

  constructor(
    private readonly services: () => CoreServices,
    private readonly secrets: SecretsPort,
    readonly options: HubOptions = {},
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether the round running should end at its next page, and no new one start. */
  private get stopped(): boolean {
    return this.closed || this.resetting > 0
  }

  private get backoff(): Backoff {
    return this.options.backoff ?? DEFAULT_HUB_BACKOFF
  }

  /** Starts rounds if the store is linked (at core start, after connect). */
  async start(): Promise<void> {
    this.closed = false
    if (this.options.worker === false) return
    // A database restored from before the hub existed has no link table yet: nothing to start.
    this.linked = Boolean(await readLink(this.services().db).catch(() => null))
    if (this.linked) this.schedule(0)
  }

  /** A local change may have happened: a round soon, unless one is already due sooner. */
  nudge(): void {
    if (this.stopped || !this.linked || this.options.worker === false || this.live.failures > 0) return
    this.schedule(this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS, true)
  }

  private schedule(ms: number, onlyIfChanged = false): void {
    const at = Date.now() + ms
    if (!onlyIfChanged) this.dueAt = at
    if (this.timer && this.timerAt <= at) return
    clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.timerAt = Infinity
      const tick = this.tick(onlyIfChanged).finally(() => {
        if (this.ticking === tick) this.ticking = null
      })
      this.ticking = tick
    }, ms)
    this.timer.unref?.()
  }

  private async tick(onlyIfChanged: boolean): Promise<void> {
    if (this.stopped) return
    if (onlyIfChanged) {
      // A nudge after a command that wrote nothing (a read) costs one indexed query.
      const row = await this.services().db('change_log').max({ seq: 'seq' }).first().catch(() => null)
      const seq = Number(row?.seq ?? 0)
      if (seq === this.lastSeenSeq) {
        // The nudge took the place of the timer's round (a pull, a retry): put it back where it was
        // due, or reads more often than the interval (the app frame's status) would stop the pulls.
        if (this.options.worker !== false && this.dueAt < Infinity) this.schedule(Math.max(0, this.dueAt - Date.now()))
        return
      }
    }
    await this.round().catch(() => {})
  }

  /** One round now (or the one running, and one more after it). Never throws: the outcome is in `live`. */
  round(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.roundOnce()
        } while (this.again && !this.stopped)
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  private async connected(link: HubLink): Promise<pg.Client> {
    if (this.client) return this.client
    if (!link.passwordSealed) throw new HubError('wrong_password', 'No hub password is saved on this PC. Enter it again in Settings → Sync.')
    let password: string
    try {
      password = this.secrets.open(link.passwordSealed)
    } catch {
      throw new HubError('wrong_password', 'The saved hub password cannot be read on this PC. Enter it again in Settings → Sync.')
    }
    const client = await openHub(link, password, this.options)
    try {
      const version = await checkHubVersion(client)
      if (version !== link.hubSchemaVersion) await updateLink(this.services().db, { hub_schema_version: version })
      this.hubVersion = version
    } catch (error) {
      await client.end().catch(() => {})
      throw error
    }
    client.on('error', () => this.dropClient())
    this.client = client
    return client
  }

  private dropClient(): void {
    const client = this.client
    this.client = null
    void client?.end().catch(() => {})
  }

  private async roundOnce(): Promise<void> {
    const services = this.services()
    const link = await readLink(services.db)
    const storeId = services.localStoreId()
    if (!link || !storeId || this.stopped) return
    this.live.syncing = true
    try {
      // What this round will have pushed at most: a change made while it runs comes after, so its
      // nudge's check (tick) finds something new even when this round ends before that check.
      const seen = await services.db('change_log').max({ seq: 'seq' }).first()
      const client = await this.connected(link)
      // Reset while the connection opened: it was not there to drop, and its first query could wait on a silent link.
      if (this.stopped) return
      const first = !link.firstSyncDone
      const batch = Math.min(this.options.batchSize ?? (first ? FIRST_SYNC_BATCH : DEFAULT_BATCH), HUB_PAGE_LIMIT)
      // A joining store first has the hub compacted as far as the other stores allow: it then pulls the
      // current state (each row's insert, each field's latest value, the append-only rows), not all history.
      if (first && link.joinedAs === 'new') await this.compact(client, 0)
      if (first) this.live.firstSync = { phase: 'pulling', pulled: 0, total: await this.hubTotal(client), applied: 0 }
      // A replacement PC first takes its own history back (its seq continues after it); then everyone pushes, then pulls.
      if (!(first && link.joinedAs === 'replacement')) await pushOwn(services.db, client, storeId, link.pushSeq, batch)
      let cursor = { xid: link.pullXid, pos: link.pullPos }
      // A store restored from an older backup (or joining again) takes back its own entries it no longer has;
      // those it has are known by id and skipped by the applier, so nothing applies twice.
      const own = (first && link.joinedAs === 'replacement') || link.reclaimOwn
      let pulledAny = false
      // A new store on a hub at step 3 reads the hub's current state in two passes (customers, then history), then follows.
      if (first && link.joinedAs === 'new' && !own && this.hubVersion >= 3) {
        const joined = await this.bulkJoin(services, client, link, this.options.batchSize ?? JOIN_PAGE)
        if (!joined) return
        cursor = joined
        pulledAny = true
      }
      // Never read ahead here (the bulk join does): backroom.pull records the cursor it is given as
      // this store's pulled position, and compaction trusts that position to be applied and saved.
      // Asked for the next batch before this one committed, a crash or a failed apply would leave the
      // hub free to compact a batch the store has not got (a unit split across two batches would
      // then come back with a smaller tx_size than the part waiting in the inbox: never complete).
      const pullOne = async (): Promise<boolean> => {
        if (this.stopped) return false
        const pulled = await pullBatch(services, client, cursor, batch, own)
        if (!pulled) return false
        pulledAny = true
        cursor = { xid: pulled.xid, pos: pulled.pos }
        if (this.live.firstSync) {
          this.live.firstSync.pulled += pulled.rows
          this.live.firstSync.applied += pulled.result.applied
        }
        return pulled.rows === batch
      }
      // A full batch means more is waiting (a store back after days offline, another store's
      // import): the rest is applied with SQLite's checkpoint aside (db/checkpoint-aside.ts), so no
      // batch's commit stops to fold the WAL into the file, and neither does a sale meanwhile.
      if (await pullOne()) {
        await withCheckpointAside(services.db, async () => {
          while (await pullOne());
        })
      }
      if (this.stopped) return
      if (link.reclaimOwn) await updateLink(services.db, { reclaim_own: 0 })
      // Entries held back (a clock ahead, a unit not complete) are tried again even when nothing new came.
      if (!pulledAny && (await services.db('sync_inbox').first('id'))) await applyEntries(services, [])
      await pullBlobs(services, client)
      if (first) {
        if (this.live.firstSync) this.live.firstSync.phase = 'pushing'
        const fresh = await readLink(services.db)
        await pushOwn(services.db, client, storeId, fresh?.pushSeq ?? 0, batch)
        if (link.setupStoreId) await forgetSetupStore(services, link.setupStoreId)
        await updateLink(services.db, { first_sync_done: 1, setup_store_id: null })
        if (this.live.firstSync) this.live.firstSync.phase = 'done'
      }
      if (!first) await this.compact(client, this.options.compactIntervalSeconds ?? DEFAULT_COMPACT_SECONDS)
      this.lastSeenSeq = Number(seen?.seq ?? 0)
      await updateLink(services.db, { last_sync_at: services.now().toISOString() })
      Object.assign(this.live, { online: true, lastError: null, lastProblem: null, nextAttemptAt: null, failures: 0 })
      if (!this.stopped && this.options.worker !== false) this.schedule(this.options.intervalMs ?? DEFAULT_INTERVAL_MS)
    } catch (error) {
      // Ended on purpose (leave, connect, the app closing: reset dropped the connection): no failure to count or tell.
      if (this.stopped) return
      const problem = describeHubError(error, link)
      this.dropClient()
      this.live.failures += 1
      const wait = backoffDelay(this.live.failures, this.backoff, this.random)
      Object.assign(this.live, { online: false, lastError: problem.message, lastProblem: problem.problem, nextAttemptAt: new Date(Date.now() + wait).toISOString() })
      // Never the password, never the entries: the problem's plain words only.
      services.log(`hub: round failed (${problem.problem}): ${problem.message}`)
      if (!this.stopped && this.options.worker !== false) this.schedule(wait)
    } finally {
      this.live.syncing = false
    }
  }

  /**
   * The bulk join (hub/schema-join.ts): pass 1 (customers, stores, users, flags, loyalty) then
   * pass 2 (history), page by page, each page with its position in one local transaction, so a
   * store stopped or killed goes on from its last page. Answers the ordinary pull cursor after
   * it, or null when stopped.
   */
  private async bulkJoin(services: CoreServices, client: pg.Client, link: HubLink, batch: number): Promise<{ xid: string; pos: number } | null> {
    let horizon = link.joinHorizon
    let pass: 1 | 2 = link.joinPass ?? 1
    let after = link.joinPos
    if (!horizon) {
      horizon = await joinStart(client)
      await updateLink(services.db, { join_pass: 1, join_horizon: horizon, join_pos: 0 })
      pass = 1
      after = 0
    }
    let history: ReturnType<typeof readJoinPage>
    if (pass === 1) {
      if (await this.worthSettingAside(services)) await setAsideForJoin(services.db)
      const customers = readAhead(readJoinPage(client, 1, horizon, after, batch))
      if (!(await withPageCache(services.db, JOIN_CACHE_KIB, () => this.joinPass(services, client, 1, customers, horizon, batch)))) return null
      // Customers are here: the desk is usable while the history follows. Its first page is read meanwhile.
      history = readAhead(readJoinPage(client, 2, horizon, 0, batch))
      await services.db.transaction(async (trx) => {
        await putBackAfterJoin(trx)
        await updateLink(trx, { join_pass: 2, join_pos: 0 })
      })
      await this.options.onJoinStep?.(2)
    } else history = readJoinPage(client, 2, horizon, after, batch)
    if (!(await this.joinPass(services, client, 2, history, horizon, batch))) return null
    const cursor = cursorAfterJoin(horizon)
    await updateLink(services.db, { pull_xid: cursor.xid, pull_pos: cursor.pos, join_pass: null, join_horizon: null, join_pos: 0 })
    return cursor
  }

  /**
   * Whether the join's first step sets the customers' indexes aside (join-aside.ts): only when it
   * pays, by the rule of db/defer-indexes.ts (`worthDeferring`): at least 5,000 rows, and at least
   * as many as the table holds, the hub's entry count standing for the rows the join writes.
   * Rebuilding them costs the whole table, and each drop and create changes the schema: on a hub
   * of a few entries that was most of a first sync (the hub convergence test's three stores
   * joining: 280 → 160 ms of CPU without it, three times a schedule).
   */
  private async worthSettingAside(services: CoreServices): Promise<boolean> {
    return this.options.joinSetsAside ?? (await worthDeferring(services.db, 'customers', this.live.firstSync?.total ?? 0))
  }

  /** One pass of the bulk join from the page `first` reads to the end: true when done, false when stopped. */
  private async joinPass(services: CoreServices, client: pg.Client, pass: 1 | 2, first: ReturnType<typeof readJoinPage>, horizon: string, batch: number): Promise<boolean> {
    // Each page is read while the one before it applies (readAhead): join_state, unlike pull, records
    // no position. A page shorter than asked for is the pass's last: nothing is read after it (the
    // pass of a small hub is one read, not two, the second answering nothing).
    const full = Math.min(Math.max(batch, 1), HUB_PAGE_LIMIT)
    for (let next = readAhead(first); ; ) {
      if (this.stopped) return false
      if (this.live.firstSync) this.live.firstSync.phase = pass === 1 ? 'customers' : 'history'
      const read = await next
      if (!read) return true
      next = read.rows < full ? Promise.resolve(null) : readAhead(readJoinPage(client, pass, horizon, read.pos, batch))
      const page = await applyHubPage(services, read, { join_pos: read.pos })
      if (this.live.firstSync) {
        this.live.firstSync.pulled += page.rows
        this.live.firstSync.applied += page.result.applied
      }
    }
  }

  /** Compaction is the hub's housekeeping: its failure is logged, never the round's. */
  private async compact(client: pg.Client, minIntervalSeconds: number): Promise<void> {
    if (this.hubVersion < 2 || minIntervalSeconds < 0) return
    try {
      // Before a join (no interval), every pass it takes; otherwise one pass a round, the next one later.
      let removed = 0
      for (let more = true; more && !this.stopped; ) {
        const done = await compactHub(client, minIntervalSeconds)
        removed += done.removed ?? 0
        more = minIntervalSeconds === 0 && done.more === true
      }
      if (removed) this.services().log(`hub: compacted ${removed} superseded entries`)
    } catch (error) {
      this.services().log(`hub: compaction failed: ${describeHubError(error).message}`)
    }
  }

  private async hubTotal(client: pg.Client): Promise<number | null> {
    const { rows } = await client.query('SELECT backroom.hello() AS h')
    return Number(rows[0]?.h?.total ?? 0) || null
  }

  /**
   * After leave (and before a connect or a restore replaces the link): no more rounds until the
   * next start. The round running stops at its next page, as at stop: a leave during a first sync
   * once waited for the whole of it (minutes on a large hub), taking in the hub it was leaving.
   * What it applied stays, as everything the store already had does.
   */
  async reset(): Promise<void> {
    this.linked = false
    clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
    this.resetting += 1
    // The hub query in flight ends now: over a link gone silent it would hold Leave, or the app's
    // closing, until its deadline (a minute). Nothing is lost: the hub committed a push or not
    // (sent again next time, and known by id), and a page read is applied whole or not at all.
    this.dropClient()
    try {
      await this.ticking?.catch(() => {})
      await this.running?.catch(() => {})
    } finally {
      this.resetting -= 1
    }
    this.dropClient()
    Object.assign(this.live, { online: false, syncing: false, lastError: null, lastProblem: null, nextAttemptAt: null, firstSync: null, failures: 0 })
  }

  async stop(): Promise<void> {
    this.closed = true
    await this.reset()
  }
}
