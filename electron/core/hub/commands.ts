import type { CommandOutput, ParsedInput } from '../../contract'
import type { HubStatus, HubTestResult, HubTls } from '../../contract/hub'
import { requireStoreId, type CommandContext, type CoreServices } from '../context'
import { AppError, fieldError } from '../errors'
import { checkHubVersion, createStoreCredentials as makeCredentials, listStores, prepareHub, revokeStore as revoke } from './admin'
import { describeHubError, HubError, openHub, withHub, type HubAddress } from './connection'
import { pendingCount } from './exchange'
import { putBackAfterJoin } from './join-aside'
import { prefixClashOnHub, PREFIXES_HUB_VERSION } from './join-prefix'
import { deleteLink, readLink, saveNewLink } from './link'

/** The hub commands (contract/hub.ts). Passwords come in, are sealed or used once, and never go back out. */

export async function hubStatus(services: CoreServices): Promise<HubStatus> {
  const link = await readLink(services.db)
  const live = services.hub.live
  const [inbox, conflicts, latest] = await Promise.all([
    services.db('sync_inbox').select('reason').count({ n: '*' }).groupBy('reason'),
    services.db('sync_conflicts').whereNull('resolved_at').count({ n: '*' }).first(),
    // The primary key's last row: one step down the index, however long the log.
    services.db('change_log').max({ seq: 'seq' }).first(),
  ])
  const byReason = new Map((inbox as { reason: string; n: number }[]).map((r) => [String(r.reason), Number(r.n)]))
  const heldForClock = byReason.get('ahead') ?? 0
  const waiting = [...byReason.values()].reduce((a, b) => a + b, 0) - heldForClock
  return {
    state: !link ? 'not_connected' : !link.firstSyncDone ? 'joining' : live.online ? 'online' : 'offline',
    online: Boolean(link) && live.online,
    syncing: live.syncing,
    waitingToSend: link ? await pendingCount(services.db, services.localStoreId(), link.pushSeq) : 0,
    lastSyncAt: link?.lastSyncAt ?? null,
    lastError: link ? live.lastError : null,
    lastProblem: link ? live.lastProblem : null,
    nextAttemptAt: link ? live.nextAttemptAt : null,
    heldForClock,
    waiting,
    conflicts: Number(conflicts?.n ?? 0),
    firstSync: link && !link.firstSyncDone ? live.firstSync ?? { phase: 'pulling', pulled: 0, total: null, applied: 0 } : null,
    lastChange: Number(latest?.seq ?? 0),
  }
}

export async function status(ctx: CommandContext, _input: ParsedInput<'hub:status'>): Promise<CommandOutput<'hub:status'>> {
  return hubStatus(ctx)
}

export async function settings(ctx: CommandContext, _input: ParsedInput<'hub:settings'>): Promise<CommandOutput<'hub:settings'>> {
  const link = await readLink(ctx.db)
  let unreadable = false
  if (link?.passwordSealed) {
    try {
      ctx.mail.secrets.open(link.passwordSealed)
    } catch {
      unreadable = true
    }
  }
  return {
    connected: Boolean(link),
    host: link?.host ?? '',
    port: link?.port ?? 5432,
    database: link?.database ?? '',
    user: link?.user ?? '',
    tls: link?.tls ?? 'verify',
    passwordSaved: Boolean(link?.passwordSealed),
    passwordUnreadable: unreadable,
    storeId: ctx.localStoreId(),
    joinedAt: link?.joinedAt ?? null,
    joinedAs: link?.joinedAs ?? null,
    hubSchemaVersion: link?.hubSchemaVersion ?? null,
  }
}

type ConnectionInput = ParsedInput<'hub:testConnection'>

/** How closely each TLS choice checks who answers: the saved password goes only where it is checked as closely. */
const TLS_STRICTNESS: Record<HubTls, number> = { off: 0, require: 1, verify: 2 }

/**
 * The password typed, or the saved one when the same hub and user are tested again without typing
 * it. An empty one is none, as the screen sends it: pg would take an empty password for none and
 * send PGPASSWORD or ~/.pgpass to whichever server was typed. Nor under a laxer TLS choice than
 * the one it was saved with: "accept a self-signed certificate" for a hub saved as "check the
 * certificate" would hand it to whoever answers in its place on the way.
 */
async function passwordFor(ctx: CommandContext, input: ConnectionInput): Promise<string> {
  if (input.password) return input.password
  const link = await readLink(ctx.db)
  const sameHub = link && link.host === input.host && link.user === input.user && link.database === input.database && link.port === input.port
  if (!link?.passwordSealed || !sameHub || TLS_STRICTNESS[input.tls] < TLS_STRICTNESS[link.tls]) {
    throw new HubError('wrong_password', 'Enter the password for these credentials.')
  }
  try {
    return ctx.mail.secrets.open(link.passwordSealed)
  } catch {
    throw new HubError('wrong_password', 'The saved hub password cannot be read on this PC. Enter it again.')
  }
}

const address = (input: HubAddress): HubAddress => ({ host: input.host, port: input.port, database: input.database, user: input.user, tls: input.tls })

/** Connects, checks the hub, and says which join these credentials allow. Throws HubError. */
async function probe(ctx: CommandContext, input: ConnectionInput): Promise<HubTestResult> {
  const password = await passwordFor(ctx, input)
  return withHub(address(input), password, ctx.hub.options, async (client) => {
    const version = await checkHubVersion(client)
    const { rows } = await client.query('SELECT backroom.hello() AS h')
    const h = rows[0].h as { role: string; label: string; storeId: string | null; createdAt: string; lastPushAt: string | null; entries: number; storeName: string | null }
    const local = ctx.localStoreId()
    const joinAs = h.storeId === null ? 'new' : h.storeId === local ? 'same' : 'replacement'
    const store = {
      user: h.role,
      label: h.label,
      storeId: h.storeId,
      storeName: h.storeName,
      entries: Number(h.entries),
      lastPushAt: h.lastPushAt ? new Date(h.lastPushAt).toISOString() : null,
      revoked: false,
      createdAt: new Date(h.createdAt).toISOString(),
    }
    // Told now, not only when Join refuses: the owner changes the prefix in Settings first.
    const prefixTaken = joinAs === 'new' && local && version >= PREFIXES_HUB_VERSION ? await prefixClashOnHub(client, ctx.db, local) : null
    const message =
      joinAs === 'new'
        ? prefixTaken
          ? `Connected. These are new credentials (“${h.label}”), but ${prefixTaken}`
          : `Connected. These are new credentials (“${h.label}”): this PC can join the hub as a new store.`
        : joinAs === 'same'
          ? `Connected. These are this store’s credentials.`
          : `Connected. These credentials belong to ${h.storeName ?? h.label}: this PC can only join as its replacement PC, which takes that store’s history back.`
    return { ok: true, problem: prefixTaken ? ('prefix_taken' as const) : null, message, schemaVersion: version, joinAs, store }
  })
}

export async function testConnection(ctx: CommandContext, input: ParsedInput<'hub:testConnection'>): Promise<CommandOutput<'hub:testConnection'>> {
  try {
    return await probe(ctx, input)
  } catch (error) {
    const problem = describeHubError(error, input)
    return { ok: false, problem: problem.problem, message: problem.message, schemaVersion: null, joinAs: null, store: null }
  }
}

const unavailable = (error: unknown, where?: HubAddress) => {
  const problem = describeHubError(error, where)
  return new AppError(problem.problem === 'wrong_password' ? 'BAD_CREDENTIALS' : 'HUB_UNAVAILABLE', problem.message)
}

/** A replacement PC must be fresh: its own customers or sales would be pushed under the dead PC's store id. */
async function assertFreshForReplacement(ctx: CommandContext, storeId: string): Promise<void> {
  const own = await ctx.db('change_log').where({ store_id: storeId }).whereIn('table_name', ['customers', 'receipts', 'visits']).whereNot({ op: 'legacy' }).first('id')
  if (own) throw new AppError('CONFLICT', 'This PC already has customers or sales of its own. A replacement PC must be a fresh install that has not been used yet.')
}

/**
 * Connecting while connected: the same hub (server, port, database, user and link protection) is
 * answered with the status as it is, nothing saved nor restarted (a second click, a second window:
 * it reset the link, and a first sync under way began again from nothing). Another hub, or other
 * credentials, only after Leave, as README says for a store's new password.
 */
async function alreadyConnected(ctx: CommandContext, input: ParsedInput<'hub:connect'>): Promise<boolean> {
  const link = await readLink(ctx.db)
  if (!link) return false
  const wanted = address(input.connection)
  const same = (Object.keys(wanted) as (keyof HubAddress)[]).every((key) => link[key] === wanted[key])
  if (same) return true
  throw new AppError('CONFLICT', `This store is already connected to the hub ${link.database} on ${link.host} as ${link.user}: leave the hub first (Settings → Sync → Leave the hub…), then join with the other.`)
}

export async function connect(ctx: CommandContext, input: ParsedInput<'hub:connect'>): Promise<CommandOutput<'hub:connect'>> {
  const localId = requireStoreId(ctx)
  if (!ctx.mail.secrets.isAvailable()) {
    throw fieldError('connection.password', 'This computer has no safe place to keep the hub password (no system keyring). Set one up, then connect again.')
  }
  const password = await passwordFor(ctx, input.connection).catch((error) => {
    throw unavailable(error)
  })
  // After the password's own refusal, which says nothing of the link: an empty password for
  // other credentials is "Enter the password", as at Test connection.
  if (await alreadyConnected(ctx, input)) return hubStatus(ctx)
  if (input.joinAs === 'replacement') await assertFreshForReplacement(ctx, localId)
  const where = address(input.connection)
  let boundId: string
  let version: number
  let rejoin = false
  let clash: string | null | undefined
  try {
    ;({ boundId, version, rejoin, clash } = await withHub<{ boundId: string; version: number; rejoin: boolean; clash?: string | null }>(where, password, ctx.hub.options, async (client) => {
      const version = await checkHubVersion(client)
      const { rows } = await client.query('SELECT backroom.hello() AS h')
      const current = rows[0].h.storeId as string | null
      if (input.joinAs === 'new') {
        if (current !== null && current !== localId) {
          throw new HubError('store_mismatch', 'These credentials belong to another store. Join as its replacement PC, or use credentials made for this store.')
        }
        // A first join: its receipt prefix must be free on the hub (a store joining again is there already).
        const clash = current === null && version >= PREFIXES_HUB_VERSION ? await prefixClashOnHub(client, ctx.db, localId) : null
        if (clash) return { boundId: localId, version, rejoin: false, clash }
        await client.query('SELECT backroom.bind($1)', [localId])
        return { boundId: localId, version, rejoin: current === localId }
      }
      if (current === null) throw new HubError('store_mismatch', 'These credentials belong to no store yet: join as a new store.')
      return { boundId: current, version, rejoin: false }
    }))
  } catch (error) {
    throw unavailable(error, where)
  }
  // Refused before binding: the credentials stay new, and nothing is saved here.
  if (clash) throw new AppError('CONFLICT', clash)
  await ctx.hub.reset()
  await ctx.db.transaction(async (trx) => {
    // Indexes a join's first step set aside come back before a new link is written, as at Leave
    // (which puts them back itself: kept as a guard, connect no longer replaces a live link).
    await putBackAfterJoin(trx)
    // Joining again (after leaving, or after restoring a backup from before the store joined): the
    // hub may hold entries this store sent that this database no longer has; the first pulls take them back.
    await saveNewLink(trx, {
      ...where,
      passwordSealed: ctx.mail.secrets.seal(password),
      joinedAs: input.joinAs,
      joinedAt: ctx.now().toISOString(),
      hubSchemaVersion: version,
      setupStoreId: boundId !== localId ? localId : null,
      reclaimOwn: rejoin,
    })
    if (boundId !== localId) await trx('meta').where({ key: 'local_store_id' }).update({ value: boundId })
  })
  if (boundId !== localId) ctx.setLocalStoreId(boundId)
  ctx.committed = true
  await ctx.hub.start()
  return hubStatus(ctx)
}

export async function leave(ctx: CommandContext, _input: ParsedInput<'hub:leave'>): Promise<CommandOutput<'hub:leave'>> {
  if (!(await readLink(ctx.db))) throw new AppError('NOT_CONNECTED', 'This store is not connected to a hub')
  await ctx.hub.reset()
  // A join left mid-way: the indexes its first step set aside come back with the link's end.
  await ctx.db.transaction(async (trx) => {
    await putBackAfterJoin(trx)
    await deleteLink(trx)
  })
  ctx.committed = true
  return hubStatus(ctx)
}

/** Waits for a round at most this long; the round goes on in the background after. */
const SYNC_NOW_WAIT_MS = 8_000

export async function syncNow(ctx: CommandContext, _input: ParsedInput<'hub:syncNow'>): Promise<CommandOutput<'hub:syncNow'>> {
  if (!(await readLink(ctx.db))) throw new AppError('NOT_CONNECTED', 'This store is not connected to a hub')
  ctx.hub.live.failures = 0
  await Promise.race([ctx.hub.round(), new Promise((resolve) => setTimeout(resolve, SYNC_NOW_WAIT_MS).unref?.())])
  return hubStatus(ctx)
}

/**
 * What an administrator's command answers when the hub refused it. A hub that works but refused
 * the user is not "unavailable": a user who is not its administrator (a store's credentials) is
 * FORBIDDEN, a store name the hub does not know NOT_FOUND (admin.ts), each in its own words.
 */
function adminRefusal(error: unknown, where: HubAddress): AppError {
  if (error instanceof AppError) return error
  const problem = describeHubError(error, where)
  if (problem.problem === 'not_admin') return new AppError('FORBIDDEN', problem.message)
  return unavailable(error, where)
}

async function asAdmin<T>(ctx: CommandContext, admin: ParsedInput<'hub:prepare'>['admin'], work: (client: Awaited<ReturnType<typeof openHub>>) => Promise<T>): Promise<T> {
  try {
    return await withHub(address(admin), admin.password, ctx.hub.options, work)
  } catch (error) {
    throw adminRefusal(error, address(admin))
  }
}

export async function prepare(ctx: CommandContext, input: ParsedInput<'hub:prepare'>): Promise<CommandOutput<'hub:prepare'>> {
  return asAdmin(ctx, input.admin, (client) => prepareHub(client))
}

export async function createStoreCredentials(ctx: CommandContext, input: ParsedInput<'hub:createStoreCredentials'>): Promise<CommandOutput<'hub:createStoreCredentials'>> {
  const made = await asAdmin(ctx, input.admin, (client) => makeCredentials(client, input.label))
  const { host, port, database, tls } = input.admin
  return { host, port, database, tls, user: made.user, password: made.password, label: input.label }
}

export async function stores(ctx: CommandContext, input: ParsedInput<'hub:stores'>): Promise<CommandOutput<'hub:stores'>> {
  return { stores: await asAdmin(ctx, input.admin, (client) => listStores(client)) }
}

export async function revokeStore(ctx: CommandContext, input: ParsedInput<'hub:revokeStore'>): Promise<CommandOutput<'hub:revokeStore'>> {
  return {
    stores: await asAdmin(ctx, input.admin, async (client) => {
      await revoke(client, input.user)
      return listStores(client)
    }),
  }
}
