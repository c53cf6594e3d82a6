import { deflateSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { reencodePhoto } from '../../../electron/core/customers/photos'
import { changeLog, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, PNG, rowCount, storeOf, type CustomerInput } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** Everything a refused save could have touched. */
async function snapshot(c: TestCore) {
  return {
    customers: await c.services.db('customers').select(),
    photos: await rowCount(c, 'customer_photos'),
    log: (await changeLog(c)).length,
  }
}

const PHOTO_REFUSED = 'The photo must be a JPEG or PNG image of at most 1024 pixels a side'
const PNG_SIGNATURE_THEN_TEXT = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('this is a note, not a picture')]).toString('base64')
const JPEG_SIGNATURE_THEN_TEXT = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('this is a note, not a picture')]).toString('base64')

/** A PNG chunk: length, type, data and the CRC over type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  let crc = 0xffffffff
  for (const byte of body) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const check = Buffer.alloc(4)
  check.writeUInt32BE((crc ^ 0xffffffff) >>> 0)
  return Buffer.concat([length, body, check])
}

/** A real, valid grey PNG of side × side black pixels: a few hundred kilobytes that inflate to side² bytes. */
function pngBomb(side: number): string {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header[8] = 8 // bit depth; colour type 0 (grey), no interlace
  const pixels = deflateSync(Buffer.alloc((side + 1) * side), { level: 1 })
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))])
  return `data:image/png;base64,${png.toString('base64')}`
}
const PNG_BOMB = pngBomb(8000)

const valid = (c: TestCore): CustomerInput => ({ firstName: 'Ana', lastName: 'García', storeIds: [storeOf(c)] })

describe('customer form validation', () => {
  it.each<[string, Partial<CustomerInput>, Record<string, string>]>([
    ['a bad email', { email: 'ana@' }, { email: 'Not a valid email address' }],
    ['a phone that is no number', { phone: '555' }, { phone: 'Not a valid phone number' }],
    ['letters in the phone', { phone: '415-CALL-ANA' }, { phone: 'Use digits, spaces and + ( ) - . only' }],
    ['a date that does not exist', { dateOfBirth: '1990-02-30' }, { dateOfBirth: 'Date of birth must be a real date (YYYY-MM-DD) between 1900 and 9998' }],
    ['a birth date in the future', { dateOfBirth: '2027-01-01' }, { dateOfBirth: 'Date of birth cannot be in the future' }],
    ['a first visit in the future', { anniversary: '2026-11-24' }, { anniversary: 'Anniversary (first visit) cannot be in the future' }],
    ['no first name', { firstName: '  ' }, { firstName: 'First name is required' }],
    ['no store', { storeIds: [] }, { storeIds: 'Choose at least one store' }],
    ['a store that does not exist', { storeIds: ['01900000-0000-7000-8000-0000000000ff'] }, { storeIds: 'Choose stores from the list' }],
    ['an overlong note', { notes: 'x'.repeat(4001) }, { notes: 'Notes is at most 4000 characters' }],
    ['a file that is not the image it claims', { photo: 'data:image/jpeg;base64,aGVsbG8gd29ybGQ=', photoThumbnail: PNG }, { photo: PHOTO_REFUSED }],
    // The signature a check of the first bytes would accept, followed by text: decoded in full, it is no image.
    ['a PNG signature followed by text', { photo: `data:image/png;base64,${PNG_SIGNATURE_THEN_TEXT}`, photoThumbnail: PNG }, { photo: PHOTO_REFUSED }],
    ['a JPEG signature followed by text', { photo: `data:image/jpeg;base64,${JPEG_SIGNATURE_THEN_TEXT}`, photoThumbnail: PNG }, { photo: PHOTO_REFUSED }],
    ['a small PNG declaring 8000×8000 pixels', { photo: PNG_BOMB }, { photo: PHOTO_REFUSED }],
  ])('refuses %s with a message on the field and writes nothing', async (_label, patch, fields) => {
    core = await startSetUpCore({ now: manualClock('2026-11-23T15:00:00.000Z').now })
    const before = await snapshot(core)
    const result = await core.call('customers:create', { ...valid(core), ...patch })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields } })
    expect(await snapshot(core)).toEqual(before)
  })

  it('refuses a PNG larger than the largest side from its header, without decoding it', () => {
    // Decoding this one takes seconds and hundreds of megabytes; reading its header takes nothing.
    const started = performance.now()
    expect(reencodePhoto(PNG_BOMB)).toBeUndefined()
    // A bound a loaded CI machine keeps; decoding would take seconds.
    expect(performance.now() - started).toBeLessThan(1000)
    expect(reencodePhoto(PNG)).toMatch(/^data:image\/jpeg;base64,/)
  })

  it('reports every bad field of a save at once', async () => {
    core = await startSetUpCore()
    const result = await core.call('customers:create', { ...valid(core), phone: '12', dateOfBirth: '2999-01-01', storeIds: ['01900000-0000-7000-8000-0000000000ff'] })
    expect(result).toMatchObject({ ok: false, error: { fields: { phone: expect.any(String), dateOfBirth: expect.any(String), storeIds: expect.any(String) } } })
  })

  it('refuses a bad edit without changing the customer', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', phone: '(415) 555-2671' })
    const before = await snapshot(core)
    const result = await core.call('customers:update', { ...valid(core), id: ana.id, firstName: 'Anna', phone: '999' })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { phone: 'Not a valid phone number' } } })
    expect(await snapshot(core)).toEqual(before)
  })

  it('stores empty fields as null, numbers as E.164, and shows them back as the form had them', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', lastName: '', email: '', phone: '415 555 2671', notes: '' })
    const row = await core.services.db('customers').where({ id: ana.id }).first()
    expect(row).toMatchObject({ last_name: null, email: null, notes: null, phone: '+14155552671', gift_card_number: null })
    expect(ana).toMatchObject({ lastName: '', email: '', notes: '', phone: '(415) 555-2671', giftCardNumber: '' })
  })

  it('reads a phone without a country code as a number of the store’s country', async () => {
    core = await startSetUpCore()
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), country: 'GB' })
    const olivia = await addCustomer(core, { firstName: 'Olivia', phone: '020 7946 0958' })
    expect((await core.services.db('customers').where({ id: olivia.id }).first()).phone).toBe('+442079460958')
    expect(olivia.phone).toBe('020 7946 0958')
    expect(await core.call('customers:create', { ...valid(core), phone: '(415) 555-2671' })).toMatchObject({ error: { fields: { phone: 'Not a valid phone number' } } })
  })

  it('keeps medical fields only in a medical shop, and leaves what is stored alone elsewhere', async () => {
    core = await startSetUpCore()
    const medical = { medicalNumber: 'MED-1', medicalExpiry: '2027-01-01' }
    const first = await addCustomer(core, { firstName: 'Ana', ...medical })
    expect(first).toMatchObject({ medicalNumber: '', medicalExpiry: '' })

    const settings = await core.ok('settings:get', {})
    await core.ok('settings:update', { ...settings, medicalShop: true })
    const second = await addCustomer(core, { firstName: 'Bea', ...medical })
    expect(second).toMatchObject(medical)

    await core.ok('settings:update', { ...settings, medicalShop: false })
    // A form without the medical fields sends them blank: the stored values stay.
    const edited = await core.ok('customers:update', { ...valid(core), id: second.id, firstName: 'Beatriz' })
    expect(edited).toMatchObject({ firstName: 'Beatriz', ...medical })
  })
})
