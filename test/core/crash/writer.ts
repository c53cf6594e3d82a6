/**
 * The process the kill -9 test kills (see durability.test.ts): it opens the core on a data
 * folder and writes through the same dispatch the app uses until it is killed. Before each
 * command it records its intent, and after the core acknowledged it the answer, each record
 * synced to disk (fsync) before going on: whatever the log says was acknowledged must be in the
 * database after the kill.
 *
 *   writer <dataDir> <log> mix <seed>         customers, flags, points, sales and voids, forever
 *   writer <dataDir> <log> bulk <count>       one bulk import of <count> customers (the largest transaction)
 *   writer <dataDir> <log> start              start-up only: migrations, cleanup, the daily backup
 *   writer <dataDir> <log> restore <backup>   restore a backup of the backups folder
 *   writer <dataDir> <log> export <folder>    a slow CSV export into <folder>, never finished
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { benchCustomers, xorshift } from '../../bench/customers/generate'
import { CRASH_OWNER, CRASH_STORE, type LogRecord } from './model'

const [dataDir, logPath, mode, arg] = process.argv.slice(2)
const SESSION = 'crash-writer'
const log = openSync(logPath, 'a')
// A kill in the middle of a record leaves a torn last line; without a line break first, this
// writer's first record would be glued to it and dropped by the reader with the torn part.
const written = readFileSync(logPath)
if (written.length > 0 && written[written.length - 1] !== 0x0a) writeSync(log, '\n')

function record(entry: LogRecord): void {
  writeSync(log, `${JSON.stringify(entry)}\n`)
  fsyncSync(log)
}

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function call(core: Core, name: string, input: unknown): Promise<unknown> {
  const answer = await core.dispatch(name, input, SESSION)
  if (!answer.ok) throw new Error(`${name} refused: ${JSON.stringify(answer.error)}`)
  return answer.data
}

async function signIn(core: Core): Promise<{ ownerId: string; storeId: string }> {
  const status = (await call(core, 'auth:status', {})) as { needsSetup: boolean }
  if (status.needsSetup) await call(core, 'auth:setup', { store: CRASH_STORE, owner: CRASH_OWNER })
  const user = (await call(core, 'auth:login', { username: CRASH_OWNER.username, password: CRASH_OWNER.password })) as { id: string }
  return { ownerId: user.id, storeId: core.services.localStoreId()! }
}

/** Runs one command with its intent and acknowledgement logged around it. */
async function logged(core: Core, seq: number, op: string, input: Record<string, unknown>): Promise<unknown> {
  record({ seq, phase: 'intent', op, input })
  const result = await call(core, op, input)
  record({ seq, phase: 'ack', op, input, result })
  return result
}

async function mix(core: Core, seed: number): Promise<never> {
  const random = xorshift(seed)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
  const { ownerId, storeId } = await signIn(core)
  const db = core.services.db
  const rows = await db('customers').whereNull('erased_at').select('id', 'flagged')
  const customers: string[] = rows.map((r) => r.id)
  // The core refuses to flag a flagged customer (or un-flag one who is not): each flag toggles.
  const flagged = new Map<string, boolean>(rows.map((r) => [r.id, Boolean(r.flagged)]))
  const sales: string[] = (
    await db('receipts as r').where({ 'r.kind': 'sale' }).whereNotExists(db('receipts as v').whereRaw('v.voids_receipt_id = r.id')).select('r.id')
  ).map((r) => r.id)
  say('ready')
  for (let seq = seed * 1_000_000; ; seq++) {
    const roll = random()
    const word = () => `w${Math.floor(random() * 1e9).toString(36)}`
    if (roll < 0.25 || customers.length < 3) {
      const created = (await logged(core, seq, 'customers:create', {
        firstName: word(),
        lastName: word(),
        notes: word(),
        loyaltyEnrolled: true,
        storeIds: [storeId],
      })) as { id: string }
      customers.push(created.id)
    } else if (roll < 0.4) {
      const id = pick(customers)
      await logged(core, seq, 'customers:update', { id, firstName: word(), lastName: word(), notes: word(), loyaltyEnrolled: true, storeIds: [storeId] })
    } else if (roll < 0.55) {
      const id = pick(customers)
      const flag = !flagged.get(id)
      await logged(core, seq, 'customers:setFlag', { id, flagged: flag, reason: word() })
      flagged.set(id, flag)
    } else if (roll < 0.67) {
      const points = 1 + Math.floor(random() * 500)
      await logged(core, seq, 'loyalty:adjust', {
        customerId: pick(customers),
        direction: 'add',
        points,
        reason: word(),
        approverId: ownerId,
        approverPin: CRASH_OWNER.pin,
      })
    } else if (roll < 0.9 || sales.length === 0) {
      const price = 100 + Math.floor(random() * 20_000)
      const quantity = 1 + Math.floor(random() * 3)
      const receipt = (await logged(core, seq, 'sales:create', {
        customerId: random() < 0.8 ? pick(customers) : null,
        items: [
          { name: word(), quantity, unitPriceMinor: price, taxRateId: null },
          { name: word(), quantity: 1, unitPriceMinor: 250, taxRateId: null },
        ],
        payments: [{ method: 'card', amountMinor: price * quantity + 250, reference: '' }],
      })) as { id: string }
      sales.push(receipt.id)
    } else {
      const receiptId = sales.splice(Math.floor(random() * sales.length), 1)[0]
      await logged(core, seq, 'sales:void', { receiptId, reason: word() })
    }
  }
}

async function bulk(core: Core, count: number): Promise<void> {
  const { ownerId, storeId } = await signIn(core)
  say('ready')
  record({ seq: 0, phase: 'intent', op: 'bulk', input: { count } })
  // The generator makes the same people each time: no usernames or gift cards, so a second import is not refused.
  const people = function* () {
    for (const person of benchCustomers(count, storeId, new Date())) yield { ...person, username: '', giftCardNumber: '' }
  }
  await bulkInsertCustomers(core.services, people(), { userId: ownerId, expectedRows: count })
  record({ seq: 0, phase: 'ack', op: 'bulk', input: { count }, result: null })
}

/** Starts an export that pauses after every few rows, and says so once its hidden partial file exists: the kill lands mid-export. */
async function exportForever(core: Core, folder: string): Promise<never> {
  const { ownerId, storeId } = await signIn(core)
  const people = function* () {
    for (const person of benchCustomers(200, storeId, new Date())) yield { ...person, username: '', giftCardNumber: '' }
  }
  await bulkInsertCustomers(core.services, people(), { userId: ownerId, expectedRows: 200 })
  const input = { period: 'all', status: 'active', flaggedOnly: false, sort: 'customerNumber', direction: 'asc', format: 'csv' }
  await call(core, 'customers:exportStart', input)
  while (!readdirSync(folder).some((name) => name.startsWith('.list.csv.'))) await new Promise((resolve) => setTimeout(resolve, 5))
  say('exporting')
  return new Promise<never>(() => {})
}

async function main(): Promise<void> {
  const core = await createCore({
    dataDir,
    kdf: { N: 2 ** 10, r: 8, p: 1 },
    log: () => {},
    automaticBackups: mode === 'start',
    ...(mode === 'export'
      ? {
          dialogs: { chooseSaveFile: async () => join(arg, 'list.csv'), chooseOpenFile: async () => null, chooseFolder: async () => null },
          exportPacing: { pageSize: 5, pageDelayMs: 50 },
        }
      : {}),
  })
  if (mode === 'export') await exportForever(core, arg)
  if (mode === 'mix') await mix(core, Number(arg))
  if (mode === 'bulk') await bulk(core, Number(arg))
  if (mode === 'start') await core.backupCheck()
  if (mode === 'restore') {
    await signIn(core)
    say('ready')
    await call(core, 'backups:restore', { source: 'backups-folder', name: arg, passphrase: '' })
  }
  await core.close()
  closeSync(log)
  say('done')
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
