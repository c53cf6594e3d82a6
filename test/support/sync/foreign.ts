import type { CommandInput, CommandOutput } from '../../../electron/contract'
import type { CoreServices } from '../../../electron/core/context'
import type { LogEntry } from '../../../electron/core/db/changelog'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../../electron/core'
import { openDatabase } from '../../../electron/core/db/connection'
import { newId } from '../../../electron/core/ids'
import { createJoinedStore } from '../../../electron/core/stores/join'
import { applyEntries } from '../../../electron/core/sync/apply'
import { SCHEMA_VERSION } from '../../../electron/core/sync/spec'
import { OWNER, OWNER_SESSION, startTestCore, tempDir, type TestCore } from '../core'

/** A log entry's columns, as a store sends it. */
export const LOG_COLUMNS = ['id', 'tx', 'tx_size', 'op', 'table_name', 'row_id', 'field', 'value', 'old_value', 'hlc', 'store_id', 'user_id', 'created_at', 'schema_version']

/** The entries a store wrote itself (what it would push), in the order it wrote them; after `afterSeq`, the newer ones. */
export function entriesWrittenBy(services: CoreServices, afterSeq = 0): Promise<LogEntry[]> {
  return services
    .db('change_log')
    .where({ store_id: services.localStoreId() })
    .where('seq', '>', afterSeq)
    .whereNot({ op: 'legacy' })
    .orderBy('seq')
    .select(LOG_COLUMNS)
}

/**
 * Work done at another store of the owner, on a core of its own: it joins from `home` (takes
 * everything home wrote, as a new store does), keeps its own currency and time zone, the owner
 * is signed in there, and home applies what it wrote through the real applier, as a hub would
 * deliver it. The other core is closed afterwards; `work`'s answer is returned.
 */
export async function atAnotherStore<T>(
  home: TestCore,
  store: { name: string; currency: string; timeZone: string },
  work: (other: TestCore) => Promise<T>,
  now?: () => Date,
): Promise<T> {
  const other = await startTestCore(now ? { now } : {})
  try {
    await deliverAll(home.services, other.services)
    const owner = await other.services.db('users').where({ username: OWNER.username }).first()
    await createJoinedStore(other.services, store, owner.id)
    other.services.sessions.signIn(OWNER_SESSION, owner.id)
    const done = await work(other)
    await deliverAll(other.services, home.services)
    return done
  } finally {
    await other.cleanup()
  }
}

/**
 * The store's second PC, from now on offline from this one: a copy of home's database taken now,
 * with a node of its own (as a PC added to the store from a backup), the owner signed in there
 * as on home. `deliver` applies at home, through the real applier as the hub would, what it wrote
 * since, and closes it. `now`: the second PC's clock (home's manual one, for a test on a set day).
 */
export async function offlinePc(home: TestCore, now?: () => Date): Promise<{ twin: TestCore; deliver(): Promise<void> }> {
  await home.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  const dir = tempDir()
  copyFileSync(join(home.dir, DATABASE_FILE), join(dir, DATABASE_FILE))
  const copy = openDatabase(join(dir, DATABASE_FILE))
  await copy('meta').where({ key: 'node_id' }).delete()
  const { seq: copiedUpTo } = (await copy('change_log').max<{ seq: number | null }>({ seq: 'seq' }).first())!
  await copy.destroy()
  const twin = await startTestCore({ dataDir: dir, ...(now ? { now } : {}) })
  const owner = await twin.services.db('users').where({ username: OWNER.username }).first()
  twin.services.sessions.signIn(OWNER_SESSION, owner.id)
  return {
    twin,
    async deliver() {
      try {
        const written = await entriesWrittenBy(twin.services, copiedUpTo ?? 0)
        const result = await applyEntries(home.services, written)
        if (result.applied !== written.length) throw new Error(`the other PC's entries did not apply: ${JSON.stringify(result)}`)
      } finally {
        await twin.cleanup()
      }
    },
  }
}

/** Sales rung up at another store of the owner (see atAnotherStore); its receipts answer. */
export async function salesAtAnotherStore(
  home: TestCore,
  store: { name: string; currency: string; timeZone: string },
  sales: CommandInput<'sales:create'>[],
  now?: () => Date,
): Promise<CommandOutput<'sales:create'>[]> {
  return atAnotherStore(
    home,
    store,
    async (other) => {
      const receipts: CommandOutput<'sales:create'>[] = []
      for (const sale of sales) receipts.push(await other.ok('sales:create', sale))
      return receipts
    },
    now,
  )
}

async function deliverAll(from: CoreServices, to: CoreServices): Promise<void> {
  const entries = await entriesWrittenBy(from)
  const result = await applyEntries(to, entries)
  if (result.applied !== entries.length) throw new Error(`another store's entries did not apply: ${JSON.stringify(result)}`)
}

/**
 * What another store of the owner would send: its store row and a customer it created, as the
 * entries a hub would deliver, applied through the real applier. Gives one store a real sync
 * conflict (a username or gift card number the other store also gave) without a second core.
 */
export interface ForeignCustomer {
  firstName: string
  lastName?: string
  username?: string
  giftCardNumber?: string
}

export async function arriveFromAnotherStore(
  services: CoreServices,
  customer: ForeignCustomer,
  options: { storeName?: string; storeId?: string; writtenAt: Date },
): Promise<{ storeId: string; customerId: string }> {
  const storeId = options.storeId ?? newId()
  const customerId = newId()
  const at = options.writtenAt.toISOString()
  let counter = 0
  const entry = (table: string, rowId: string, value: Record<string, unknown>): LogEntry => {
    const id = newId()
    const hlc = `${String(options.writtenAt.getTime()).padStart(15, '0')}-${String(counter++).padStart(6, '0')}-foreign${storeId.slice(-6)}`
    return { id, tx: id, tx_size: 1, op: 'insert', table_name: table, row_id: rowId, field: null, value: JSON.stringify(value), old_value: null, hlc, store_id: storeId, user_id: null, created_at: at, schema_version: SCHEMA_VERSION }
  }
  const entries: LogEntry[] = []
  if (!options.storeId) {
    entries.push(entry('stores', storeId, { name: options.storeName ?? 'Harbour Street', currency: 'USD', time_zone: 'UTC', receipt_prefix: 'H', created_at: at }))
  }
  const number = 1 + Number((await services.db('customers').where({ store_id: storeId }).max<{ n: number | null }>({ n: 'customer_number' }).first())?.n ?? 0)
  entries.push(
    entry('customers', customerId, {
      store_id: storeId,
      customer_number: number,
      first_name: customer.firstName,
      ...(customer.lastName ? { last_name: customer.lastName } : {}),
      ...(customer.username ? { username: customer.username } : {}),
      ...(customer.giftCardNumber ? { gift_card_number: customer.giftCardNumber } : {}),
      active: 1,
      created_at: at,
      customer_stores: [storeId],
      customer_staff: [],
    }),
  )
  const result = await applyEntries(services, entries)
  if (result.applied !== entries.length) throw new Error(`another store's entries did not apply: ${JSON.stringify(result)}`)
  return { storeId, customerId }
}
