import { join, resolve } from 'node:path'
import { createCore } from '../../electron/core'

/**
 * `npm run demo`: one step from nothing to a store with something on every screen. Sets up a
 * demo store and owner when the database is new, then runs demo:fill through the same
 * dispatch the app uses. Data: BACKROOM_DATA_DIR, default .tmp/dev-data (what
 * `npm run start:browser` serves).
 */
const DEMO_OWNER = { username: 'owner', displayName: 'Demo Owner', password: 'backroom-demo', pin: '1234' }
const SESSION = 'demo-script'

async function main() {
  const dataDir = process.env.BACKROOM_DATA_DIR ?? join(resolve(__dirname, '../..'), '.tmp', 'dev-data')
  const core = await createCore({ dataDir })
  try {
    const call = async (name: string, input: unknown) => {
      const result = await core.dispatch(name, input, SESSION)
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
      return result.data as Record<string, unknown>
    }
    const status = await call('auth:status', {})
    if (status.needsSetup) {
      await call('auth:setup', {
        store: { name: 'Demo Store', currency: 'USD', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
        owner: DEMO_OWNER,
      })
      console.log(`Set up "Demo Store"; sign in as ${DEMO_OWNER.username} / ${DEMO_OWNER.password} (manager PIN ${DEMO_OWNER.pin}).`)
    } else {
      const username = process.env.BACKROOM_USER
      const password = process.env.BACKROOM_PASSWORD
      if (!username || !password) throw new Error('This store is already set up: give BACKROOM_USER and BACKROOM_PASSWORD of an owner')
      await call('auth:login', { username, password })
    }
    console.log('Filled:', await call('demo:fill', {}))
    console.log(`Data: ${dataDir}`)
  } finally {
    await core.close()
  }
}

main().catch((error: Error) => {
  console.error(error.message)
  process.exit(1)
})
