import { SAMPLE_ID, SAMPLE_OTHER_ID, SAMPLE_RECOVERY_KEY, SAMPLE_STORE_ID } from '../command-samples'
import { OWNER, OWNER_SESSION, type TestCore, type TestUser } from '../core'
import { arriveFromAnotherStore } from '../sync/foreign'
import { prepared } from '../../../electron/core/db/prepared'

/**
 * Rows written by the commands' connection since it opened, and SQLite's count of commits by
 * other connections: while neither moves, the database is the one it was.
 */
const WRITES_SQL = 'SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version'

/** What restoreAccess reads of the owner and the staff user each run. */
const ACCESS_SQL = 'SELECT id, active, role, password_hash, pin_hash, recovery_key_hash FROM users WHERE id IN (?, ?)'
interface AccessRow {
  id: string
  active: number
  role: string
  password_hash: string
  pin_hash: string | null
  recovery_key_hash: string | null
}

const TABLE_OF_FIELD: Record<string, string> = {
  customerId: 'customers',
  receiptId: 'receipts',
  approverId: 'users',
  assignedStaffIds: 'users',
  taxRateId: 'tax_rates',
  storeIds: 'stores',
  dealId: 'deals',
  closeDealIds: 'deals',
  assignedUserId: 'users',
  userId: 'users',
  staffId: 'users',
  survivorId: 'customers',
  mergedId: 'customers',
}
const TABLE_OF_DOMAIN: Record<string, string> = { customers: 'customers', users: 'users', receipts: 'receipts', taxRates: 'tax_rates', mail: 'mail_outbox', appointments: 'appointments', duplicates: 'customers', conflicts: 'sync_conflicts' }

/** Which table a field's ids come from: by its name, and for a plain `id` by the command's domain. */
function tableFor(command: string, field: string): string {
  return TABLE_OF_FIELD[field] ?? (field === 'id' ? TABLE_OF_DOMAIN[command.split(':')[0]] : '') ?? ''
}

/** What the fuzz test works on: a store with a little of everything, and a way back to a usable state. */
export interface FuzzStore {
  /** Ids of existing rows of the kind a command's field names (customerId, receiptId, a users command's id…). */
  idsFor(command: string, field: string): string[]
  /** A command's valid sample with its placeholder ids replaced by real ones of the right kind. */
  liveSample(command: string, sample: unknown): unknown
  /** Signs the owner and the staff user back in and reactivates them, whatever the last input did. */
  restoreAccess(): Promise<void>
  /** Fresh customers with a sale, and the ids read again, unless nothing was written since the last refresh. */
  refresh(): Promise<void>
  /** A value that changes whenever the database is written (by any connection): the same value, the same database. */
  writesMark(): Promise<string>
}

/**
 * Customers (flagged, enrolled with points, one inactive), a tax rate, sales and a void, so
 * that ids the fuzzer picks lead commands into their real work instead of "not found".
 */
export async function seedFuzzStore(core: TestCore, staff: TestUser): Promise<FuzzStore> {
  const storeId = core.services.localStoreId()!
  const owner = (await core.ok('users:list', {})).find((u) => u.username === OWNER.username)!
  // The owner's recovery key, known, so auth:recover's sample is the right one (SAMPLE_RECOVERY_KEY).
  const { recoveryKey } = await core.ok('auth:newRecoveryKey', { currentPassword: OWNER.password })
  const ownerSecrets = await core.services.db('users').select('password_hash', 'pin_hash', 'recovery_key_hash').where({ id: owner.id }).first()
  const rate = await core.ok('taxRates:save', { name: 'State tax', ratePercent: 8.875 })
  const customers = []
  for (const [i, firstName] of ['Ana', 'Björn', 'Chloé', 'Dmitri'].entries()) {
    customers.push(
      await core.ok('customers:create', {
        firstName,
        lastName: `Fuzz${i}`,
        phone: `+1 415 555 26${String(i).padStart(2, '0')}`,
        email: `c${i}@example.com`,
        storeIds: [storeId],
        loyaltyEnrolled: true,
      }),
    )
  }
  await core.ok('customers:setFlag', { id: customers[1].id, flagged: true, reason: 'Shoplifting' })
  await core.ok('customers:inactivate', { id: customers[3].id })
  const sale = await core.ok('sales:create', {
    customerId: customers[0].id,
    items: [{ name: 'Coffee beans', quantity: 2, unitPriceMinor: 1299, taxRateId: rate.id }],
    payments: [{ method: 'cash', amountMinor: 5000 }],
  })
  const second = await core.ok('sales:create', {
    customerId: customers[2].id,
    items: [{ name: 'Mug', quantity: 1, unitPriceMinor: 800, taxRateId: null }],
    payments: [{ method: 'card', amountMinor: 800 }],
  })
  await core.ok('sales:void', { receiptId: second.id, reason: 'Rung up twice' })
  await core.ok('loyalty:adjust', {
    customerId: customers[0].id,
    direction: 'add',
    points: 100,
    reason: 'Welcome',
    approverId: owner.id,
    approverPin: OWNER.pin,
  })
  await core.ok('feedback:add', { customerId: customers[0].id, receiptId: sale.id, sentiment: 'positive', comment: 'Kind' })
  // Email set up (a closed port on this machine: nothing is delivered) and one message queued,
  // so sends render real receipts and Retry now / Cancel find a message.
  await core.ok('mail:saveSettings', { host: 'localhost', port: 9, security: 'starttls', username: '', fromName: 'Fuzz Shop', fromAddress: 'fuzz@example.com' })
  await core.ok('receipts:send', { receiptId: sale.id, to: 'c0@example.com' })

  // A sync conflict: another store gave the same username earlier, so conflicts:resolve has one to settle.
  await core.ok('customers:create', { firstName: 'Bea', username: 'fuzz.bea', storeIds: [storeId] })
  await arriveFromAnotherStore(core.services, { firstName: 'Beatrix', username: 'fuzz.bea' }, { writtenAt: new Date(Date.now() - 60_000) })

  const db = core.services.db
  const tables = ['customers', 'users', 'receipts', 'tax_rates', 'stores', 'mail_outbox', 'deals', 'appointments', 'sync_conflicts'] as const
  const known = new Map<string, string[]>()
  let round = 0
  let refreshedAt: string | null = null
  const refresh = async () => {
    await restoreAccess()
    // Nothing written since the last refresh (the last command only read, or was refused before
    // any write): its customers are as fresh as they were, and the ids the same. A refresh costs
    // four commands and nine reads (~30 ms of CPU): a few seconds of the file's CPU in all.
    if ((await writesMark()) === refreshedAt) return
    // Fresh customers each time, with a sale: the last command may have erased or inactivated the others.
    round += 1
    for (const firstName of ['Round', 'Again']) {
      const customer = await core.ok('customers:create', { firstName, lastName: String(round), storeIds: [storeId], loyaltyEnrolled: true })
      await core.ok('sales:create', {
        customerId: customer.id,
        items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 450, taxRateId: null }],
        payments: [{ method: 'cash', amountMinor: 1000 }],
      })
    }
    for (const table of tables) {
      // The newest rows first (UUIDv7 ids are time-ordered): the fresh customers and their receipts.
      const query = db(table).select('id').orderBy('id', 'desc').limit(20)
      if (table === 'customers') query.whereNull('erased_at').where({ active: true })
      const rows: { id: string }[] = await query
      // The owner first: the samples' approver must hold "Adjust loyalty points".
      const ids = rows.map((r) => r.id)
      known.set(table, table === 'users' ? [owner.id, ...ids.filter((id) => id !== owner.id)] : ids)
    }
    refreshedAt = await writesMark()
  }
  await refresh()
  const idsFor = (command: string, field: string) => known.get(tableFor(command, field)) ?? [...known.values()].flat()
  const live = (command: string, value: unknown, field: string): unknown => {
    if (value === SAMPLE_STORE_ID) return storeId
    if (value === SAMPLE_RECOVERY_KEY) return recoveryKey
    if (value === SAMPLE_ID) return idsFor(command, field)[0]
    if (value === SAMPLE_OTHER_ID) return idsFor(command, field)[1]
    if (Array.isArray(value)) return value.map((item) => live(command, item, field))
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, live(command, v, k)]))
    }
    return value
  }
  return {
    idsFor,
    liveSample: (command, sample) => live(command, sample, ''),
    restoreAccess,
    refresh,
    writesMark,
  }

  async function writesMark() {
    const [{ changes, version }] = await prepared<{ changes: number; version: number }>(db, WRITES_SQL)
    return `${changes}/${version}`
  }

  async function restoreAccess() {
    // Fixture repair, not a command: the fuzzer may deactivate, demote or reset these users.
    // Written only when something changed: two writes a run were two commits (fsyncs) of the
    // run's few milliseconds, 50,000 of them in a default run. Read through a statement kept
    // prepared (db/prepared.ts): one trip to the driver's thread pool where a Knex query took
    // three and built its SQL each time (~0.06 ms of CPU against ~0.4 ms; once per run, a
    // sixth of the file's CPU).
    const users = await prepared<AccessRow>(db, ACCESS_SQL, [owner.id, staff.user.id])
    const now = (id: string) => users.find((u) => u.id === id)
    const ownerNow = now(owner.id)
    const secretsChanged = (['password_hash', 'pin_hash', 'recovery_key_hash'] as const).some((field) => ownerNow?.[field] !== ownerSecrets[field])
    if (!ownerNow?.active || ownerNow.role !== 'owner' || secretsChanged) {
      await db('users').where({ id: owner.id }).update({ active: true, role: 'owner', ...ownerSecrets })
    }
    if (!now(staff.user.id)?.active) await db('users').where({ id: staff.user.id }).update({ active: true })
    core.services.sessions.signIn(OWNER_SESSION, owner.id)
    core.services.sessions.signIn(staff.session, staff.user.id)
    // Wrong PINs and passwords the fuzzer sent would otherwise throttle every later run.
    ;(core.services.throttle as unknown as { failures: Map<string, unknown> }).failures.clear()
  }
}
