import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName } from '../../../electron/contract'
import { addUser, OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { addTaxRate, simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * A full disk is simulated with `PRAGMA max_page_count` (the database may not grow past its
 * size), a read-only data folder with `PRAGMA query_only` (these tests run as root, for whom
 * file permissions do not stop a write). SQLite answers both the way a real disk would:
 * SQLITE_FULL and SQLITE_READONLY.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function pageCount(core: TestCore): Promise<number> {
  return Number(Object.values((await core.services.db.raw('PRAGMA page_count'))[0])[0])
}

/** Fills the database to its last page: nothing that needs a new page fits any more. */
async function fillTheDisk(core: TestCore): Promise<void> {
  await core.services.db.raw('VACUUM')
  await core.services.db.raw(`PRAGMA max_page_count = ${await pageCount(core)}`)
}

/**
 * After VACUUM the last page of each table and index may still have room for a small row: a flag,
 * a points change or a comment could fit there and answer ok on a "full" disk (which of them did
 * changed with an unrelated migration). Another customer's writes fill that room first, smaller
 * and smaller, until each is refused: then the disk is full for every write.
 */
async function useUpSlack(core: TestCore, filler: { id: string }): Promise<void> {
  const owner = (await core.ok('auth:status', {})).user!
  // Smaller and smaller, so what is left in the change log's last page is less than any write's entry.
  for (const size of [200, 50, 10, 1]) {
    const reason = 'y'.repeat(size)
    let refused = false
    for (let round = 0; round < 200 && !refused; round++) {
      const answers = [
        await core.call('customers:setFlag', { id: filler.id, flagged: round % 2 === 0, reason }),
        await core.call('loyalty:adjust', { customerId: filler.id, direction: 'add', points: 1, reason, approverId: owner.id, approverPin: OWNER.pin }),
        await core.call('feedback:add', { customerId: filler.id, receiptId: null, sentiment: 'positive', comment: reason }),
      ]
      const unexpected = answers.find((answer) => !answer.ok && answer.error.code !== 'DISK_FULL')
      if (unexpected) throw new Error(`filling the disk: ${JSON.stringify(unexpected)}`)
      refused = answers.every((answer) => !answer.ok)
    }
    if (!refused) throw new Error(`writes of ${size} characters still fit after 200 rounds: the disk never filled`)
  }
}

async function freeSomeSpace(core: TestCore): Promise<void> {
  await core.services.db.raw('PRAGMA max_page_count = 1073741823')
}

/** Row counts of every table: "nothing half-written" means none of them moved. */
async function snapshot(core: TestCore): Promise<Record<string, number>> {
  const tables = await core.services.db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
  const counts: Record<string, number> = {}
  for (const { name } of tables) counts[name] = Number(Object.values((await core.services.db.raw(`SELECT count(*) FROM "${name}"`))[0])[0])
  return counts
}

/** Every kind of write the desk makes, each big enough to need new pages. */
async function writes(core: TestCore) {
  const storeId = core.services.localStoreId()!
  const shopper = await addShopper(core, { firstName: 'Sal' })
  const sale = await core.ok('sales:create', simpleSale(shopper.id, 1500))
  await addTaxRate(core)
  const owner = (await core.ok('auth:status', {})).user!
  const long = 'x'.repeat(3900)
  const settings = await core.ok('settings:get', {})
  const list: { [K in CommandName]?: CommandInput<K> }[] = [
    { 'customers:create': { firstName: 'Full', notes: long, storeIds: [storeId] } },
    { 'customers:update': { id: shopper.id, firstName: 'Sal', notes: long, storeIds: [storeId], loyaltyEnrolled: true } },
    { 'customers:setFlag': { id: shopper.id, flagged: true, reason: long.slice(0, 500) } },
    { 'loyalty:adjust': { customerId: shopper.id, direction: 'add', points: 10, reason: long.slice(0, 200), approverId: owner.id, approverPin: OWNER.pin } },
    { 'sales:create': { ...simpleSale(shopper.id, 990), items: Array.from({ length: 40 }, (_, i) => ({ name: `${long.slice(0, 100)}${i}`, quantity: 1, unitPriceMinor: 10, taxRateId: null })), payments: [{ method: 'card', amountMinor: 400 }] } },
    { 'sales:void': { receiptId: sale.id, reason: long.slice(0, 500) } },
    { 'feedback:add': { customerId: shopper.id, receiptId: null, sentiment: 'positive', comment: long.slice(0, 1000) } },
    { 'settings:update': { ...settings, storeName: long.slice(0, 120) } },
    { 'taxRates:save': { id: null, name: long.slice(0, 60), ratePercent: 5, active: true } },
    { 'users:create': { username: 'full.user', displayName: long.slice(0, 120), role: 'staff', password: 'a long password', pin: '9876', permissionOverrides: {} } },
    { 'demo:fill': {} },
  ]
  return list.map((entry) => Object.entries(entry)[0] as [CommandName, never])
}

describe('a full disk', () => {
  it('every write answers DISK_FULL with a clear message and changes nothing; the same writes work once space is back', async () => {
    core = await startSetUpCore({ automaticBackups: false })
    const commands = await writes(core)
    const filler = await addShopper(core, { firstName: 'Filler', loyaltyEnrolled: true })
    await fillTheDisk(core)
    await useUpSlack(core, filler)
    const before = await snapshot(core)
    const answers: Record<string, string> = {}
    for (const [name, input] of commands) {
      const answer = await core.call(name, input)
      answers[name] = answer.ok ? 'ok' : answer.error.code
      if (!answer.ok && answer.error.code === 'DISK_FULL') expect(answer.error.message).toBe('The disk is full: nothing was saved. Free some space on this PC, then try again.')
    }
    // demo:fill refuses a store that has data before it writes anything.
    expect(answers).toEqual(Object.fromEntries(commands.map(([name]) => [name, name === 'demo:fill' ? 'CONFLICT' : 'DISK_FULL'])))
    expect(await snapshot(core)).toEqual(before)
    expect(await core.ok('storage:status', {})).toEqual({ problem: 'disk-full', message: expect.stringContaining('The disk is full') })
    // Reading still works: the desk can look customers up.
    expect((await core.ok('customers:search', { query: 'Sal' })).rows).toHaveLength(1)

    await freeSomeSpace(core)
    expect(await core.ok('storage:status', {})).toEqual({ problem: null, message: null })
    for (const [name, input] of commands.filter(([name]) => name !== 'demo:fill')) {
      expect(await core.call(name, input), name).toMatchObject({ ok: true })
    }
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  })

  it('a restore refused by a full disk leaves the current data as it was', async () => {
    core = await startSetUpCore({ automaticBackups: false })
    // The backup is made larger than what will fit: a megabyte of filler, deleted after it (in a
    // table of the app's: a restore refuses a table its migrations do not make).
    await core.services.db.raw("INSERT INTO meta (key, value) VALUES ('filler', zeroblob(1048576))")
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    await core.services.db.raw("DELETE FROM meta WHERE key = 'filler'")
    await addShopper(core, { firstName: 'After' })
    await fillTheDisk(core)
    const before = await snapshot(core)
    const result = await core.call('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    expect(result).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } })
    expect(await snapshot(core)).toEqual(before)
    await freeSomeSpace(core)
    expect((await core.services.db('customers').whereNull('erased_at').select('first_name')).map((r) => r.first_name)).toEqual(['After'])
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  })
})

describe('a read-only data folder', () => {
  it('every write answers READ_ONLY, nothing changes, and it clears when the folder is writable again', async () => {
    core = await startSetUpCore({ automaticBackups: false, dialogs: scriptedDialogs().dialogs })
    const commands = await writes(core)
    const manager = await addUser(core, { role: 'manager' })
    await core.services.db.raw('PRAGMA query_only = ON')
    const before = await snapshot(core)
    for (const [name, input] of commands.filter(([name]) => name !== 'demo:fill')) {
      const answer = await core.call(name, input)
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'READ_ONLY', message: expect.stringContaining('nothing was saved') } })
    }
    expect(await core.call('customers:search', {}, manager.session)).toMatchObject({ ok: true })
    expect(await snapshot(core)).toEqual(before)
    expect(await core.ok('storage:status', {})).toMatchObject({ problem: 'read-only' })
    await core.services.db.raw('PRAGMA query_only = OFF')
    expect(await core.ok('storage:status', {})).toEqual({ problem: null, message: null })
  })
})
