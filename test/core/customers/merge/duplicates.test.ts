import { afterEach, describe, expect, it } from 'vitest'
import type { CommandOutput } from '../../../../electron/contract'
import { duplicateCustomers } from '../../../../electron/core/customers/duplicates/present'
import { startSetUpCore, type TestCore } from '../../../support/core'
import { addCustomer } from '../fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('the duplicate check of a form', () => {
  it('names the customer with the same phone (any format), email (any capitals) or name and date of birth', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', lastName: 'García', phone: '(212) 555-0101', email: 'Ana@Example.com', dateOfBirth: '1990-05-01' })
    await addCustomer(core, { firstName: 'Bob', phone: '(212) 555-0102' })
    const byPhone = await core.ok('duplicates:check', { firstName: 'Someone', phone: '+1 212-555-0101' })
    expect(byPhone).toEqual([expect.objectContaining({ id: ana.id, name: 'Ana García', reasons: ['phone'] })])
    expect(await core.ok('duplicates:check', { email: 'ana@example.COM' })).toMatchObject([{ id: ana.id, reasons: ['email'] }])
    expect(await core.ok('duplicates:check', { firstName: 'ana', lastName: 'Garcia', dateOfBirth: '1990-05-01' })).toMatchObject([{ id: ana.id, reasons: ['nameBirth'] }])
    expect(await core.ok('duplicates:check', { firstName: 'Ana', lastName: 'García', phone: '(212) 555-0101', email: 'ana@example.com', dateOfBirth: '1990-05-01' })).toMatchObject([
      { id: ana.id, reasons: ['phone', 'email', 'nameBirth'] },
    ])
    // Not the customer being edited, not a different birthday, not a half-typed phone.
    expect(await core.ok('duplicates:check', { id: ana.id, phone: '(212) 555-0101', email: 'ana@example.com' })).toEqual([])
    expect(await core.ok('duplicates:check', { firstName: 'Ana', lastName: 'García', dateOfBirth: '1991-05-01' })).toEqual([])
    expect(await core.ok('duplicates:check', { phone: '555' })).toEqual([])
  })

  it('names a customer whose name has its apostrophe written another way', async () => {
    core = await startSetUpCore()
    const sean = await addCustomer(core, { firstName: 'Sean', lastName: "O'Brien", dateOfBirth: '1980-02-03' })
    for (const lastName of ['O’Brien', 'OBrien']) {
      expect(await core.ok('duplicates:check', { firstName: 'Sean', lastName, dateOfBirth: '1980-02-03' })).toMatchObject([{ id: sean.id, reasons: ['nameBirth'] }])
    }
  })

  it('answers a typed error for bad input', async () => {
    core = await startSetUpCore()
    expect(await core.call('duplicates:check', { email: 'not an email' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await core.call('duplicates:check', { dateOfBirth: '1990-13-45' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})

describe('the Possible duplicates list', () => {
  it('lists every pair by phone, then email, then name and birth date, page by page without repeats', async () => {
    core = await startSetUpCore()
    const made: string[] = []
    for (let i = 0; i < 6; i++) {
      // Pairs by phone (i = 0..5 → 3 groups of two), one trio by email, one pair by name and birthday.
      made.push((await addCustomer(core, { firstName: `P${i}`, phone: `(212) 555-01${10 + Math.floor(i / 2)}` })).id)
    }
    for (let i = 0; i < 3; i++) await addCustomer(core, { firstName: `E${i}`, email: "same@example.com" })
    for (let i = 0; i < 2; i++) await addCustomer(core, { firstName: 'Twin', lastName: 'Doe', dateOfBirth: '1980-01-01' })
    await addCustomer(core, { firstName: 'Alone', phone: '(212) 555-0199', email: 'alone@example.com' })

    type Page = CommandOutput<'duplicates:list'>
    const seen: Page['pairs'] = []
    let after: string | null = null
    for (let page = 0; page < 20; page++) {
      const result: Page = await core.ok('duplicates:list', { after, limit: 2 })
      seen.push(...result.pairs)
      if (!result.nextCursor) break
      after = result.nextCursor
    }
    expect(seen.map((p) => p.reason)).toEqual(['phone', 'phone', 'phone', 'email', 'email', 'nameBirth'])
    const keys = seen.map((p) => `${p.reason}:${p.a.id}:${p.b.id}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(seen[0]).toMatchObject({ a: { id: made[0], name: 'P0' }, b: { id: made[1] } })
    expect(seen.every((p) => p.a.id !== p.b.id)).toBe(true)
  })

  it('leaves merged customers out, and refuses a cursor that is not one', async () => {
    core = await startSetUpCore()
    const a = await addCustomer(core, { firstName: 'A', phone: '(212) 555-0110' })
    const b = await addCustomer(core, { firstName: 'B', phone: '(212) 555-0110' })
    expect((await core.ok('duplicates:list', {})).pairs).toHaveLength(1)
    await core.ok('duplicates:merge', { survivorId: a.id, mergedId: b.id })
    expect((await core.ok('duplicates:list', {})).pairs).toEqual([])
    expect(await core.ok('duplicates:check', { phone: '(212) 555-0110' })).toMatchObject([{ id: a.id }])
    expect(await core.call('duplicates:list', { after: 'bm90IGEgY3Vyc29y' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { after: expect.any(String) } } })
  })
})

describe('a flagged customer among the duplicates (PRODUCT §2.3)', () => {
  const BANNED = 'Banned: stole from the till'

  it('carries the flag and its reason in the form’s check and in the list, and none once un-flagged', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', phone: '(212) 555-0101', email: 'ana@example.com' })
    const twin = await addCustomer(core, { firstName: 'Anna', phone: '(212) 555-0101' })
    await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: BANNED })

    const found = await core.ok('duplicates:check', { firstName: 'Someone', phone: '212 555 0101', email: 'ana@example.com' })
    expect(found.map((c) => [c.id, c.flagged, c.flagReason])).toEqual([
      [ana.id, true, BANNED],
      [twin.id, false, null],
    ])
    const [pair] = (await core.ok('duplicates:list', {})).pairs
    expect([pair.a, pair.b].map((c) => [c.id, c.flagged, c.flagReason]).sort()).toEqual(
      [
        [ana.id, true, BANNED],
        [twin.id, false, null],
      ].sort(),
    )

    await core.ok('customers:setFlag', { id: ana.id, flagged: false })
    expect(await core.ok('duplicates:check', { phone: '212 555 0101' })).toMatchObject([
      { id: ana.id, flagged: false, flagReason: null },
      { id: twin.id, flagged: false, flagReason: null },
    ])
  })

  it('gives an erased customer no flag and no reason, even asked for by id', async () => {
    core = await startSetUpCore()
    const gone = await addCustomer(core, { firstName: 'Zed', phone: '(212) 555-0199' })
    await core.ok('customers:setFlag', { id: gone.id, flagged: true, reason: BANNED })
    await core.ok('customers:erase', { id: gone.id })
    expect(await core.ok('duplicates:check', { phone: '(212) 555-0199' })).toEqual([])
    // The cache erasure cleared, set again as a stray sync might: still no reason comes out.
    await core.services.db('customers').where({ id: gone.id }).update({ flagged: true, flag_reason: BANNED })
    const shown = await duplicateCustomers(core.services.db, [gone.id], 'US')
    expect(shown.get(gone.id)).toMatchObject({ flagged: false, flagReason: null })
  })
})
