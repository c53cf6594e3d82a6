import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { giftCardKey, usernameKey } from '../../../electron/contract/claim-keys'
import { settleClaims } from '../../../electron/core/customers/claims'
import { startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, searchIds, storeOf } from './fixtures'
import { checkFile, importCore } from './import/helpers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** "É" as one code point and as "E" followed by the combining acute accent. */
const PRECOMPOSED = '\u00c9X1'
const DECOMPOSED = 'E\u0301X1'

describe('the key a gift card number is held by', () => {
  it.each([
    ['spaces', '1234 5678', '12345678'],
    ['hyphens', '1234-5678', '12345678'],
    ['every kind of dash and the minus sign', '12\u201034\u201356\u20147\u22128', '12345678'],
    ['dots, middle dots, bullets, slashes and underscores', '12.34·56•7/8_9', '123456789'],
    ['non-breaking and ideographic spaces, a soft hyphen, a zero-width space', '1234\u00a05678\u3000AB\u00adC\u200bD', '12345678abcd'],
    ['full-width letters, digits and separators', 'ＡＢＣ－１２３．４', 'abc1234'],
    ['capitals', 'GC-Ab-9', 'gcab9'],
    ['a decomposed accent', DECOMPOSED, giftCardKey(PRECOMPOSED)],
    ['the German sharp s', 'GROSS-1', giftCardKey('groß1')],
  ])('ignores %s', (_what, typed, key) => {
    expect(giftCardKey(typed)).toBe(key)
  })

  it('keeps what tells two cards apart', () => {
    expect(giftCardKey('12345678')).not.toBe(giftCardKey('12345679'))
    expect(giftCardKey('ÉX1')).not.toBe(giftCardKey('EX1'))
    // A value of separators only is its own card, not the empty one every such value would share.
    expect(giftCardKey('--')).not.toBe(giftCardKey('.'))
    expect(giftCardKey('--')).not.toBe('')
  })

  it('keeps a username’s dots, dashes and underscores, and folds its case and form', () => {
    expect(usernameKey('Ana.G')).toBe('ana.g')
    expect(usernameKey('ana.g')).not.toBe(usernameKey('anag'))
    expect(usernameKey('ana_g')).not.toBe(usernameKey('ana-g'))
    expect(usernameKey('ＡＮＡ')).toBe('ana')
    expect(usernameKey(DECOMPOSED)).toBe(usernameKey(PRECOMPOSED.toLowerCase()))
  })
})

describe('a gift card number typed another way at the desk', () => {
  it.each([
    ['12345678', '1234 5678'],
    ['1234-5678', '12 34 56 78'],
    ['abc123', 'ＡＢＣ１２３'],
    [PRECOMPOSED, DECOMPOSED.toLowerCase()],
  ])('%s is held: %s is refused on a new customer and on an edit, naming the card as held', async (held, typed) => {
    core = await startSetUpCore()
    const holder = await addCustomer(core, { firstName: 'Holder', giftCardNumber: held })
    const refused = await core.call('customers:create', { firstName: 'Second', giftCardNumber: typed, storeIds: [storeOf(core)] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { giftCardNumber: expect.stringContaining('already taken') } } })
    if (!refused.ok) expect(refused.error.fields!.giftCardNumber).toContain(`another customer has ${held}`)

    const other = await addCustomer(core, { firstName: 'Other' })
    const edit = await core.call('customers:update', { id: other.id, firstName: 'Other', storeIds: [storeOf(core)], giftCardNumber: typed, loaded: { giftCardNumber: '' } })
    expect(edit).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.services.db('customers').whereNotNull('gift_card_number').pluck('id')).toEqual([holder.id])

    // The holder may save their own card written another way: it is still theirs.
    const own = await core.call('customers:update', { id: holder.id, firstName: 'Holder', storeIds: [storeOf(core)], giftCardNumber: typed, loaded: { giftCardNumber: held } })
    expect(own.ok).toBe(true)
  })

  it('is refused when a sync conflict is answered with it', async () => {
    core = await startSetUpCore()
    await addCustomer(core, { firstName: 'Holder', giftCardNumber: 'GC-9' })
    await addCustomer(core, { firstName: 'Other', giftCardNumber: '5555-0000' })
    const lost = await addCustomer(core, { firstName: 'Lost' })
    await loseCard(core, lost.id, 'gc 9')
    const [conflict] = (await core.ok('conflicts:list', {})).conflicts
    expect(conflict).toMatchObject({ kind: 'gift_card', value: 'GC-9', other: { customerId: lost.id } })
    expect(await core.call('conflicts:resolve', { id: conflict.id, value: '5555 0000' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { value: 'That gift card number is already taken' } },
    })
    expect(await core.ok('conflicts:resolve', { id: conflict.id, value: '5555 0001' })).toEqual({ customerId: lost.id, value: '5555 0001' })
  })
})

/** As a sync leaves a customer whose claim on a card came after the holder's: claiming it, showing none, listed. */
async function loseCard(c: TestCore, customerId: string, value: string): Promise<void> {
  const key = giftCardKey(value)
  await c.services.db('customer_claims').insert({ kind: 'gift_card', customer_id: customerId, value_key: key, value, hlc: '999999999999999-000000-z', entry_id: 'z' })
  await settleClaims(c.services.db, 'gift_card', key, '2026-11-23T09:00:00.000Z')
}

describe('searching by gift card number', () => {
  it('finds the card’s holder however the number is written, and only the holder', async () => {
    core = await startSetUpCore()
    const holder = await addCustomer(core, { firstName: 'Card', lastName: 'Holder', giftCardNumber: '12345678' })
    const lettered = await addCustomer(core, { firstName: 'Lettered', giftCardNumber: 'GC-AB-12' })
    await addCustomer(core, { firstName: 'Nobody', giftCardNumber: '87654321' })
    for (const typed of ['12345678', '1234 5678', '1234-5678', '１２３４５６７８', '1234.5678']) {
      expect(await searchIds(core, { query: typed }), typed).toEqual([holder.id])
    }
    for (const typed of ['gcab12', 'GC AB 12', 'ｇｃ－ａｂ－１２', 'gc.ab.12']) {
      expect(await searchIds(core, { query: typed }), typed).toEqual([lettered.id])
    }
    // The words still match as before: the holder's card is one more way to find them.
    expect(await searchIds(core, { query: 'holder' })).toEqual([holder.id])
    expect(await core.ok('customers:search', { query: '1234 5678', period: 'all' })).toMatchObject({ total: 1 })
  })

  it('finds the holder, not a customer who lost the card to them in a sync and shows none', async () => {
    core = await startSetUpCore()
    const holder = await addCustomer(core, { firstName: 'Holder', giftCardNumber: 'GC-9' })
    const lost = await addCustomer(core, { firstName: 'Lost' })
    await loseCard(core, lost.id, 'GC 9')
    expect(await searchIds(core, { query: 'gc 9' })).toEqual([holder.id])
  })
})

describe('importing gift card numbers', () => {
  it('refuses a card a customer or an earlier row holds, written another way', async () => {
    const made = await importCore()
    core = made.core
    await addCustomer(core, { firstName: 'Held', giftCardNumber: '1234-5678' })
    const path = join(core.dir, 'cards.csv')
    writeFileSync(path, 'First name,Gift card number\nAna,1234 5678\nBen,ＧＣ－７\nCid,gc 7\nDee,GC-8\n')
    const { status } = await checkFile(core, made.pick, path)
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'error', field: 'Gift card number', value: '1234 5678', message: 'Another customer already has this gift card number' },
      { row: 4, kind: 'error', field: 'Gift card number', value: 'gc 7', message: 'Row 3 of this file has the same gift card number' },
    ])
  })
})
