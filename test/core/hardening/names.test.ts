import { afterEach, describe, expect, it } from 'vitest'
import { startSetUpCore, STORE, type TestCore } from '../../support/core'

/** Invisible and control characters in names, and staff names that only look different (hardening issue, defect 9). */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const staffUser = (displayName: string, username: string) =>
  ({ username, displayName, role: 'manager', password: 'a long password', pin: '2580' }) as const

describe('text fields', () => {
  it.each([
    ['NUL', 'Ana\u0000'],
    ['a right-to-left override', 'Ana\u202eanA'],
    ['a zero-width space', 'Ana\u200b'],
    ['a byte-order mark inside', 'A\ufeffna'],
    ['a lone surrogate half', 'Ana\ud800'],
    ['a line break in a one-line field', 'Ana\nBell'],
  ])('refuse %s in a customer name, on the field, and save nothing', async (_label, firstName) => {
    core = await startSetUpCore()
    const result = await core.call('customers:create', { firstName, storeIds: [core.services.localStoreId()!] })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { firstName: 'First name contains invisible or control characters' } } })
    expect(await core.services.db('customers')).toEqual([])
  })

  it('keep what people do type: accents, other scripts, emoji sequences, and line breaks in notes', async () => {
    core = await startSetUpCore()
    const saved = await core.ok('customers:create', {
      firstName: 'Zoë 👩‍👩‍👧',
      lastName: 'عربي',
      nickname: 'می‌خواهم',
      notes: 'First line\nSecond line\twith a tab',
      storeIds: [core.services.localStoreId()!],
    })
    expect(saved).toMatchObject({ firstName: 'Zoë 👩‍👩‍👧', nickname: 'می‌خواهم', notes: 'First line\nSecond line\twith a tab' })
  })

  it('refuse control characters in store and staff names at setup', async () => {
    core = await startSetUpCore()
    expect(await core.call('settings:update', { ...(await core.ok('settings:get', {})), storeName: `${STORE.name}\u202e` })).toMatchObject({
      ok: false,
      error: { fields: { storeName: expect.stringContaining('invisible') } },
    })
  })
})

describe('staff display names', () => {
  it('refuse a second "Olivia Owner" with a zero-width space, or one that differs only in case or spacing', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    expect(owner.displayName).toBe('Olivia Owner')
    for (const [name, username] of [
      ['Olivia Owner\u200b', 'olivia2'],
      ['olivia owner', 'olivia3'],
      ['Olivia   Owner', 'olivia4'],
      ['Ｏｌｉｖｉａ Owner', 'olivia5'],
    ]) {
      const result = await core.call('users:create', staffUser(name, username))
      expect(result, name).toMatchObject({ ok: false, error: { fields: { displayName: expect.any(String) } } })
    }
    expect(await core.ok('loyalty:approvers', {})).toEqual([{ id: owner.id, name: 'Olivia Owner' }])
  })

  it('refuse renaming a user to another user’s name, but allow keeping one’s own', async () => {
    core = await startSetUpCore()
    const max = await core.ok('users:create', staffUser('Max Manager', 'max'))
    expect(await core.call('users:update', { id: max.id, displayName: 'OLIVIA OWNER' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.call('users:update', { id: max.id, displayName: 'max manager' })).toMatchObject({ ok: true })
  })

  it('refuse a name spelled with look-alike letters of another alphabet, saying it looks the same, on create and rename', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    for (const [name, username] of [
      ['\u041elivia Owner', 'olivia2'], // Cyrillic capital O
      ['\u039flivia Owner', 'olivia3'], // Greek capital Omicron
      ['Olivi\u0430 Owner', 'olivia4'], // Cyrillic small a
      ['0livia Owner', 'olivia5'], // the digit zero
      ['\u041eLIVIA \u041eWNER', 'olivia6'], // look-alikes and capitals at once
    ]) {
      const result = await core.call('users:create', staffUser(name, username))
      expect(result, name).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', fields: { displayName: 'This name looks the same as another user’s, “Olivia Owner” (a letter that looks alike, perhaps from another alphabet): add an initial or a surname' } },
      })
    }
    const ivan = await core.ok('users:create', staffUser('Ivan Petrov', 'ivan'))
    // A small l for a capital I, and the Cyrillic І, read the same as "Ivan".
    for (const name of ['lvan Petrov', '\u0406van Petrov']) {
      expect(await core.call('users:create', staffUser(name, 'ivan2')), name).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    }
    expect(await core.call('users:update', { id: ivan.id, displayName: '\u041elivia Owner' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.ok('loyalty:approvers', {})).toEqual([
      { id: ivan.id, name: 'Ivan Petrov' },
      { id: owner.id, name: 'Olivia Owner' },
    ])
    // Names that differ to the eye still pass: an accent, another letter, a whole name in another alphabet.
    for (const [name, username] of [
      ['Olivia Owens', 'owens'],
      ['Chloé Martin', 'chloe1'],
      ['Chloe Martin', 'chloe2'],
      ['Дмитрий Иванов', 'dmitri'],
    ]) {
      expect(await core.call('users:create', staffUser(name, username)), name).toMatchObject({ ok: true })
    }
  })
})
