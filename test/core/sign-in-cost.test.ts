import { afterEach, describe, expect, it } from 'vitest'
import { observeDerivations, type KdfParams } from '../../electron/core/auth/kdf'
import { OWNER, addUser, startSetUpCore, startTestCore, type TestCore, type TestUser } from '../support/core'
import { derivations, sum } from '../support/kdf-work'

/**
 * Every failed sign-in, unlock or PIN approval costs one derivation at the store's cost, so the
 * time of the answer does not tell which usernames exist: hashes made before the cost was raised
 * (kept by users who do not sign in) are padded up to it (auth/kdf.ts). Counted through the
 * derivations' N (scrypt's work is linear in N), not timed. The store is set up at the tests'
 * cost (N = 2^10), then opened by an app whose cost is 2^11, as an update that raises it would.
 */
const RAISED: KdfParams = { N: 2 ** 11, r: 8, p: 1 }
const SESSION = 'window-2'

let core: TestCore | undefined
afterEach(async () => {
  observeDerivations(undefined)
  await core?.cleanup()
  core = undefined
})

/** The store set up by the older app with a deactivated staff member, opened by the updated one. */
async function updatedStore(): Promise<{ core: TestCore; gone: TestUser }> {
  const old = await startSetUpCore()
  const gone = await addUser(old, { role: 'staff' })
  await old.ok('users:setActive', { id: gone.user.id, active: false })
  await old.close()
  return { core: await startTestCore({ dataDir: old.dir, kdf: RAISED }), gone }
}


describe('the work of a failed sign-in, with hashes weaker than the store’s cost', () => {
  it('is one derivation at the store’s cost: unknown username, wrong password, deactivated account', async () => {
    const store = await updatedStore()
    core = store.core
    const login = (username: string, password: string) => core!.call('auth:login', { username, password }, SESSION)
    const unknown = await derivations(async () => expect(await login('nobody', 'a password')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } }))
    expect(unknown).toEqual([RAISED.N])
    const wrong = await derivations(async () => expect(await login(OWNER.username, 'not the password')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } }))
    expect(sum(wrong)).toBe(RAISED.N)
    // Right password or not, a deactivated account answers as a wrong password, in the same time.
    for (const password of [store.gone.password, 'not the password']) {
      const gone = await derivations(async () => expect(await login(store.gone.user.username, password)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } }))
      expect(sum(gone)).toBe(RAISED.N)
    }
    // The right password is not padded: it is checked, then hashed again at the store's cost.
    expect(await derivations(() => core!.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION))).toEqual([2 ** 10, RAISED.N])
  })

  it('is one derivation at the store’s cost per secret tried at the lock screen', async () => {
    const store = await updatedStore()
    core = store.core
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    await core.ok('lock:engage', {}, SESSION)
    // A PIN-shaped secret is tried as the PIN (weak, padded), then as the password (rehashed at sign-in).
    const tries = await derivations(async () => expect(await core!.call('lock:unlock', { secret: '9999' }, SESSION)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } }))
    expect(sum(tries)).toBe(2 * RAISED.N)
  })
})

describe('a rehash that could not be saved', () => {
  it('costs no hash: the version it would be saved as is checked before hashing', async () => {
    const store = await updatedStore()
    core = store.core
    const owner = await core.services.db('users').where({ username: OWNER.username }).first()
    // The write that set the hash was made by a PC whose clock ran ahead: no id made now comes after it.
    await core.services.db('change_log').where({ table_name: 'users', row_id: owner.id, op: 'insert' }).update({ id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' })
    expect(await derivations(() => core!.ok('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION))).toEqual([2 ** 10])
    expect((await core.services.db('users').where({ id: owner.id }).first()).password_hash).toBe(owner.password_hash)
  })
})
