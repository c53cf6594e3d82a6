import { afterEach, describe, expect, it } from 'vitest'
import type { KdfParams } from '../../electron/core/auth/kdf'
import { OWNER, changeLog, startSetUpCore, startTestCore, type TestCore } from '../support/core'

/**
 * A password or PIN hash made at a lower cost than the store's (an older app's default) is hashed
 * again at the store's cost when the secret proves right, and saved as an entry of the same
 * version as the write that set it (auth/rehash.ts). Here the store is set up at the tests' cost
 * (N = 2^10), then the app restarts with N = 2^11, as an update that raises the cost would.
 */
const RAISED: KdfParams = { N: 2 ** 11, r: 8, p: 1 }
const SESSION = 'window-2'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** The store set up by the older app, then opened by the updated one (the owner signed out). */
async function updatedStore(): Promise<TestCore> {
  const old = await startSetUpCore()
  await old.close()
  return startTestCore({ dataDir: old.dir, kdf: RAISED })
}

const ownerRow = (c: TestCore) => c.services.db('users').where({ username: OWNER.username }).first()
const costOf = (hash: string) => Number(hash.split('$')[1])

describe('a hash made at a lower cost than the store uses', () => {
  it('is made again at the store’s cost when the password signs in, as the same version of the password', async () => {
    core = await updatedStore()
    const before = await ownerRow(core)
    expect(costOf(before.password_hash)).toBe(2 ** 10)
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    const after = await ownerRow(core)
    expect(costOf(after.password_hash)).toBe(RAISED.N)
    // The PIN was not typed: it stays as it was.
    expect(after.pin_hash).toBe(before.pin_hash)
    // One entry, of the field, by the owner, with the HLC of the write it replaces (the row's insert).
    const log = await changeLog(core, { table_name: 'users', row_id: before.id })
    const insert = log.find((e) => e.op === 'insert')!
    const rehash = log.filter((e) => e.field === 'password_hash')
    expect(rehash).toHaveLength(1)
    expect(rehash[0]).toMatchObject({ op: 'update', hlc: insert.hlc, user_id: before.id, old_value: '"[secret]"', value: JSON.stringify(after.password_hash) })
    expect(rehash[0].id > insert.id).toBe(true)
    // The same password signs in again, and is not hashed once more.
    await core.ok('auth:logout', {}, SESSION)
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    expect((await ownerRow(core)).password_hash).toBe(after.password_hash)
  })

  it('is left as it is by a wrong password', async () => {
    core = await updatedStore()
    const before = await ownerRow(core)
    const entries = (await changeLog(core)).length
    const wrong = await core.call('auth:login', { username: OWNER.username, password: 'not the password' }, SESSION)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect((await ownerRow(core)).password_hash).toBe(before.password_hash)
    expect(await changeLog(core)).toHaveLength(entries)
  })

  it('is made again for the PIN when the PIN unlocks the screen, and not by a wrong PIN', async () => {
    core = await updatedStore()
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    const before = await ownerRow(core)
    await core.ok('lock:engage', {}, SESSION)
    expect(await core.call('lock:unlock', { secret: '9999' }, SESSION)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect((await ownerRow(core)).pin_hash).toBe(before.pin_hash)
    await core.ok('lock:unlock', { secret: OWNER.pin }, SESSION)
    const after = await ownerRow(core)
    expect(costOf(after.pin_hash)).toBe(RAISED.N)
    expect(after.password_hash).toBe(before.password_hash)
  })

  it('is not touched when it already has the store’s cost', async () => {
    core = await startSetUpCore()
    const before = await ownerRow(core)
    const entries = (await changeLog(core)).length
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    expect((await ownerRow(core)).password_hash).toBe(before.password_hash)
    expect(await changeLog(core)).toHaveLength(entries)
  })
})
