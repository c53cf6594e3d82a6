import { afterEach, describe, expect, it } from 'vitest'
import { STORE, startSetUpCore, type TestCore } from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('stores:list', () => {
  it('marks this PC’s store as local, so a new customer can default to it', async () => {
    core = await startSetUpCore()
    const otherId = '01960000-0000-7000-8000-000000000001'
    // A store another PC of the owner created, as sync will bring it in.
    const at = core.services.now().toISOString()
    await core.services.db('stores').insert({ id: otherId, name: 'Airport kiosk', currency: 'USD', time_zone: 'UTC', created_at: at, updated_at: at })
    const stores = await core.ok('stores:list', {})
    expect(stores).toEqual([
      { id: otherId, name: 'Airport kiosk', local: false },
      { id: core.services.localStoreId(), name: STORE.name, local: true },
    ])
  })
})
