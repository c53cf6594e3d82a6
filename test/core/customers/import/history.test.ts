import { describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../../electron/core/customers/bulk'
import { rebuildCaches } from '../../../../electron/core/sync/caches'
import { addUser, changeLog, type TestCore } from '../../../support/core'
import { addCustomer, people, rowCount } from '../fixtures'
import { checkFile, commitImport, importCoreEachTest, savedCustomers } from './helpers'

/**
 * What the old system knew about points and flags comes in as this app's own history: an
 * opening balance is one loyalty entry, a flag one flag event, by the importing user, each in
 * its customer's unit, all in the import's one transaction.
 */
const { start, file: csv } = importCoreEachTest()

const GOOD = [
  'First name,Last name,Points,Flagged,Flag reason,Loyalty member',
  'Ana,Petrov,"1,250",no,,',
  'Ben,Okafor,0,yes,"Shoplifting, March 2023",',
  'Cleo,Stone,300,Y,Abusive to staff,no',
  'Dan,Lee,,,Ban lifted in 2022,',
].join('\n')

const cachesOf = (db: TestCore['services']['db']) =>
  db('customers').select('first_name', 'loyalty_points', 'last_loyalty_reason', 'flagged', 'flag_reason', 'loyalty_enrolled').orderBy('customer_number')

describe('balances and flags from the old system', () => {
  it('are read by their usual headers and shown in the preview', async () => {
    const { core, pick } = await start()
    const { file, status } = await checkFile(core, pick, csv('history.csv', GOOD))
    expect(file.mapping).toEqual(['firstName', 'lastName', 'loyaltyPoints', 'flagged', 'flagReason', 'loyaltyEnrolled'])
    expect(status.summary).toMatchObject({ rows: 4, valid: 4, withErrors: 0 })
    expect(status.summary!.preview.map((r) => [r.firstName, r.loyaltyPoints, r.flagReason])).toEqual([
      ['Ana', 1250, null],
      ['Ben', 0, 'Shoplifting, March 2023'],
      ['Cleo', 300, 'Abusive to staff'],
      ['Dan', 0, null],
    ])
    expect(status.summary!.issues).toEqual([
      { row: 4, kind: 'note', field: 'Loyalty points', value: '300', message: 'Not enrolled in loyalty: the points are kept, and can be removed but not added to' },
      { row: 5, kind: 'note', field: 'Flag reason', value: 'Ban lifted in 2022', message: 'Not flagged: the reason is kept in Notes' },
    ])
  })

  it('are saved as an opening balance and a flag event by the importing user, with the caches made from them', async () => {
    const { core, pick } = await start()
    const owner = (await core.ok('auth:status', {})).user!
    const logBefore = (await changeLog(core)).length
    const { file } = await checkFile(core, pick, csv('history.csv', GOOD))
    expect((await commitImport(core, file.id)).saved).toBe(4)
    const saved = await savedCustomers(core)

    // Points enrol the customer, unless the file says they had left the programme (they keep them).
    expect(saved.Ana).toMatchObject({ loyalty_enrolled: 1, loyalty_points: 1250, last_loyalty_reason: 'Opening balance from import', flagged: 0, flag_reason: null })
    expect(saved.Ben).toMatchObject({ loyalty_points: 0, last_loyalty_reason: null, flagged: 1, flag_reason: 'Shoplifting, March 2023' })
    expect(saved.Cleo).toMatchObject({ loyalty_enrolled: 0, loyalty_points: 300, flagged: 1, flag_reason: 'Abusive to staff' })
    expect(saved.Dan).toMatchObject({ loyalty_points: 0, flagged: 0, notes: 'Flag reason: Ban lifted in 2022' })

    // The loyalty history shows the entry with its reason, the importing user and no approver.
    const ana = String(saved.Ana.id)
    const history = await core.ok('loyalty:history', { customerId: ana })
    expect(history).toMatchObject({ balance: 1250, enrolled: true })
    expect(history.rows).toEqual([
      expect.objectContaining({ kind: 'adjustment', points: 1250, balanceAfter: 1250, reason: 'Opening balance from import', user: owner.displayName, approver: null, receipt: null }),
    ])
    // The flag history shows who flagged and why; the page's flag state is that event.
    const ben = String(saved.Ben.id)
    expect(await core.ok('customers:flagHistory', { id: ben })).toEqual([expect.objectContaining({ action: 'flagged', user: owner.displayName, reason: 'Shoplifting, March 2023' })])
    expect((await core.ok('customers:get', { id: ben })).flag).toMatchObject({ flagged: true, reason: 'Shoplifting, March 2023', by: owner.displayName })
    expect(await rowCount(core, 'loyalty_ledger')).toBe(2)
    expect(await rowCount(core, 'flag_events')).toBe(2)

    // The caches are what every store makes them from the rows.
    const before = await cachesOf(core.services.db)
    await rebuildCaches(core.services.db, ['ledger', 'flags'], Object.values(saved).map((c) => String(c.id)))
    expect(await cachesOf(core.services.db)).toEqual(before)

    // Each customer's entries are one unit: the insert, then their balance and flag, by the importer.
    const entries = (await changeLog(core)).slice(logBefore)
    const unitOf = (customerId: string) => {
      const insert = entries.find((e) => e.table_name === 'customers' && e.row_id === customerId)!
      return entries.filter((e) => e.tx === insert.tx)
    }
    const cleo = unitOf(String(saved.Cleo.id))
    expect(cleo.map((e) => [e.op, e.table_name, e.tx_size, e.user_id])).toEqual([
      ['insert', 'customers', 3, owner.id],
      ['append', 'loyalty_ledger', 3, owner.id],
      ['append', 'flag_events', 3, owner.id],
    ])
    expect(JSON.parse(cleo[1].value!)).toMatchObject({ customer_id: saved.Cleo.id, points: 300, kind: 'adjustment', reason: 'Opening balance from import', user_id: owner.id })
    expect(JSON.parse(cleo[1].value!).approver_id).toBeUndefined()
    expect(JSON.parse(cleo[2].value!)).toMatchObject({ customer_id: saved.Cleo.id, action: 'flagged', reason: 'Abusive to staff', user_id: owner.id })
    expect(unitOf(String(saved.Dan.id)).map((e) => e.tx_size)).toEqual([1])
  })

  it('brings no points a second time: a row matching a saved customer is saved without its opening balance, and says so', async () => {
    const { core, pick } = await start()
    const first = ['First name,Last name,Phone,Email,Points', 'Ana,Petrov,(212) 555-0101,,500', 'Ben,Okafor,,ben@example.com,200'].join('\n')
    const { file } = await checkFile(core, pick, csv('first.csv', first))
    expect((await commitImport(core, file.id)).saved).toBe(2)
    const ana = String((await savedCustomers(core)).Ana.id)
    // Ana spends some of hers before the file is imported again (with a newer figure, and a new customer).
    const owner = (await core.ok('auth:status', {})).user!
    await core.ok('loyalty:adjust', { customerId: ana, direction: 'remove', points: 100, reason: 'Gift', approverId: owner.id, approverPin: '2468' })
    const again = ['First name,Last name,Phone,Email,Points', 'Ana,Petrov,212-555-0101,,550', 'Ben,Okafor,,BEN@example.com,200', 'Cleo,Stone,(212) 555-0103,,75'].join('\n')
    const { file: second, status } = await checkFile(core, pick, csv('again.csv', again))
    expect(status.summary!.preview.map((r) => [r.firstName, r.loyaltyPoints, r.duplicate])).toEqual([
      ['Ana', 0, true],
      ['Ben', 0, true],
      ['Cleo', 75, false],
    ])
    expect(status.summary!.issues.filter((i) => i.kind === 'note')).toEqual([
      expect.objectContaining({ row: 2, field: 'Loyalty points', value: '550', message: expect.stringMatching(/^Points not brought in: customer #1 Ana Petrov is already saved/) }),
      expect.objectContaining({ row: 3, field: 'Loyalty points', value: '200', message: expect.stringMatching(/^Points not brought in: customer #2 Ben Okafor is already saved/) }),
    ])
    expect((await commitImport(core, second.id)).saved).toBe(3)
    // Ana keeps what she had (500 − 100); her second record and Ben's hold no points; Cleo has her 75.
    const rows = await core.services.db('customers').select('first_name', 'loyalty_points').orderBy('customer_number')
    expect(rows.map((r) => [r.first_name, r.loyalty_points])).toEqual([
      ['Ana', 400],
      ['Ben', 200],
      ['Ana', 0],
      ['Ben', 0],
      ['Cleo', 75],
    ])
    expect(await rowCount(core, 'loyalty_ledger')).toBe(4) // two opening balances, Ana's gift, Cleo's opening balance
  })

  it('refuses a bad number of points, a flag that is not yes or no, and a flag without its reason, row by row', async () => {
    const { core, pick } = await start()
    const logBefore = (await changeLog(core)).length
    const long = 'x'.repeat(501)
    const text = [
      'First name,Points,Flagged,Flag reason',
      'Ana,abc,,',
      'Ben,-5,,',
      'Cleo,12.5,,',
      'Dora,2000000000,,',
      'Eve,10,maybe,Rude',
      'Finn,10,yes,',
      `Gus,,yes,${long}`,
      'Hal,"1,000.00",yes,Fine',
    ].join('\n')
    const { file, status } = await checkFile(core, pick, csv('bad.csv', text))
    expect(status.summary).toMatchObject({ rows: 8, valid: 1, withErrors: 7 })
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'error', field: 'Loyalty points', value: 'abc', message: 'Not a number of points (use e.g. 250)' },
      { row: 3, kind: 'error', field: 'Loyalty points', value: '-5', message: 'Loyalty points cannot be below zero' },
      { row: 4, kind: 'error', field: 'Loyalty points', value: '12.5', message: 'Loyalty points are whole points' },
      { row: 5, kind: 'error', field: 'Loyalty points', value: '2000000000', message: 'A balance holds at most 1,000,000,000 points' },
      { row: 6, kind: 'error', field: 'Flagged', value: 'maybe', message: 'Use yes or no' },
      { row: 7, kind: 'error', field: 'Flag reason', value: '', message: 'Give a reason for flagging' },
      { row: 8, kind: 'error', field: 'Flag reason', value: `${long.slice(0, 120)}…`, message: 'Flag reason is at most 500 characters' },
    ])
    // The file as a whole is refused: nothing of it is saved, history included.
    expect(await core.call('imports:commit', { id: file.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('7 rows have errors') } })
    expect(await rowCount(core, 'customers')).toBe(0)
    expect(await rowCount(core, 'loyalty_ledger')).toBe(0)
    expect(await rowCount(core, 'flag_events')).toBe(0)
    expect((await changeLog(core)).length).toBe(logBefore)
    // Left out when the user says so: the good row comes in with its balance and flag.
    expect((await commitImport(core, file.id, { leaveOutBadRows: true })).saved).toBe(1)
    expect((await savedCustomers(core)).Hal).toMatchObject({ loyalty_points: 1000, flagged: 1, flag_reason: 'Fine' })
  })

  it('saves nothing of any row when the save fails on a later batch', async () => {
    const { core, pick } = await start()
    const logBefore = (await changeLog(core)).length
    // More rows than one batch holds: the first batches' balances and flags are written before the last row fails.
    const rows = Array.from({ length: 1500 }, (_, i) => `P${i},${i + 1},yes,Reason ${i},user${i}`)
    const { file, status } = await checkFile(core, pick, csv('many.csv', ['First name,Points,Flagged,Flag reason,Username', ...rows].join('\n')))
    expect(status.summary).toMatchObject({ valid: 1500 })
    await addCustomer(core, { firstName: 'Other', username: 'user1499' })
    const failed = await commitImport(core, file.id)
    expect(failed).toMatchObject({ phase: 'failed', failure: 'Row 1501: that username is already taken (another customer has it)' })
    expect(await rowCount(core, 'customers')).toBe(1)
    expect(await rowCount(core, 'loyalty_ledger')).toBe(0)
    expect(await rowCount(core, 'flag_events')).toBe(0)
    expect((await changeLog(core)).length).toBe(logBefore + 1)
  })

  it('the bulk writer itself refuses a balance or a reason out of bounds, whoever calls it', async () => {
    const { core } = await start()
    for (const patch of [{ openingPoints: -1 }, { openingPoints: 1.5 }, { openingPoints: 2_000_000_000 }, { flagReason: ' ' }, { flagReason: 'x'.repeat(501) }]) {
      const write = bulkInsertCustomers(core.services, people(core, 2, (i) => (i === 1 ? patch : {})), { userId: null })
      await expect(write, JSON.stringify(patch)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Row 2: /) })
    }
    expect(await rowCount(core, 'customers')).toBe(0)
    expect(await rowCount(core, 'loyalty_ledger')).toBe(0)
  })

  it('a flag reason needs the column that says who is flagged', async () => {
    const { core, pick } = await start()
    pick(csv('reason.csv', 'First name,Flag reason\nAna,Rude\n'))
    const { file } = await core.ok('imports:pickFile', {})
    expect(file!.mapping).toEqual(['firstName', 'flagReason'])
    const refused = await core.call('imports:check', { id: file!.id, mapping: ['firstName', 'flagReason'] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Choose the column that says whether the customer is flagged, or ignore the flag reason' } })
  })
})

describe('who may bring balances and flags in', () => {
  const FILE = 'First name,Points,Flagged,Flag reason\nAna,100,yes,Rude\n'

  it('only a user who may adjust points and flag customers at the desk: asked at the check', async () => {
    const { core, pick } = await start()
    const noPoints = await addUser(core, { role: 'manager', username: 'no.points', permissionOverrides: { adjust_loyalty: false } })
    const noFlags = await addUser(core, { role: 'manager', username: 'no.flags', permissionOverrides: { flag_customers: false } })
    for (const [user, target, message] of [
      [noPoints, 'loyaltyPoints', 'Importing loyalty points needs the “Adjust loyalty points” permission: ignore that column, or ask an owner'],
      [noFlags, 'flagged', 'Importing flags needs the “Flag and un-flag customers” permission: ignore that column, or ask an owner'],
    ] as const) {
      pick(csv('file.csv', FILE))
      const { file } = await core.ok('imports:pickFile', {}, user.session)
      expect(await core.call('imports:check', { id: file!.id, mapping: file!.mapping }, user.session)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message, fields: { mapping: target } },
      })
      // Without that column, the rest of the file imports.
      const mapping = file!.mapping.map((t) => (t === target || (target === 'flagged' && t === 'flagReason') ? 'ignore' : t))
      expect(await core.call('imports:check', { id: file!.id, mapping }, user.session)).toMatchObject({ ok: true })
    }
  })

  it('and again at the save, when an owner took the permission away after the check', async () => {
    const { core, pick } = await start()
    const manager = await addUser(core, { role: 'manager', username: 'mia.manager' })
    pick(csv('file.csv', FILE))
    const { file } = await core.ok('imports:pickFile', {}, manager.session)
    await core.ok('imports:check', { id: file!.id, mapping: file!.mapping }, manager.session)
    for (;;) {
      const status = await core.ok('imports:status', { id: file!.id }, manager.session)
      if (status.phase === 'checked') break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await core.ok('users:update', { id: manager.user.id, permissionOverrides: { adjust_loyalty: false } })
    expect(await core.call('imports:commit', { id: file!.id }, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await rowCount(core, 'customers')).toBe(0)
    expect(await rowCount(core, 'loyalty_ledger')).toBe(0)
  })
})
