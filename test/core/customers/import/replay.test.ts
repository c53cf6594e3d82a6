import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scriptedDialogs } from '../../../support/platform'
import { cacheProblems, digestsDiffer, indexProblems } from '../../../support/sync/checks'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../../support/sync/cluster'
import { fixture } from './helpers'

/**
 * An import writes the entries the desk would: a second store that has only the log ends with
 * the very same customers (names, opt-ins, notes, ZIPs with their zeros, birthdays).
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

async function runImport(store: SyncStore, path: string): Promise<number> {
  const scripted = scriptedDialogs()
  store.core.services.dialogs = scripted.dialogs
  scripted.willPick(path)
  const picked = await store.call('imports:pickFile', {})
  if (!picked.ok || !picked.data.file) throw new Error(JSON.stringify(picked))
  const file = picked.data.file
  await store.call('imports:check', { id: file.id, mapping: file.mapping })
  for (;;) {
    const status = await store.call('imports:status', { id: file.id })
    if (!status.ok) throw new Error(JSON.stringify(status))
    if (status.data.phase === 'checked') break
    if (status.data.phase !== 'checking') throw new Error(status.data.phase)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  await store.call('imports:commit', { id: file.id })
  for (;;) {
    const status = await store.call('imports:status', { id: file.id })
    if (!status.ok) throw new Error(JSON.stringify(status))
    if (status.data.phase === 'saved') return status.data.saved!
    if (status.data.phase !== 'saving') throw new Error(`${status.data.phase}: ${status.data.failure}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('imported customers replayed at another store', () => {
  it('give the same customers there', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    expect(await runImport(a, fixture('square.csv'))).toBe(3)
    expect(await runImport(a, fixture('plain-windows-1252.csv'))).toBe(3)

    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    const columns = ['id', 'first_name', 'last_name', 'phone', 'email', 'email_opt_in', 'zip', 'date_of_birth', 'notes', 'store_ids', 'customer_number', 'search_text']
    const read = (s: SyncStore) => s.core.services.db('customers').select(columns).orderBy('id')
    const there = await read(b)
    expect(there).toHaveLength(6)
    expect(there).toEqual(await read(a))
    expect(there.find((c: { first_name: string }) => c.first_name === 'François')).toMatchObject({ zip: '00501', date_of_birth: '1979-04-03' })
    expect(await digestsDiffer(stores)).toEqual([])
    expect(await cacheProblems(b)).toEqual([])
    expect(await indexProblems(b)).toEqual([])
  })

  it('give the same balances and flags there, each with its customer', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const file = join(mkdtempSync(join(tmpdir(), 'backroom-import-history-')), 'history.csv')
    writeFileSync(file, ['First name,Last name,Points,Flagged,Flag reason', 'Ana,Petrov,1250,no,', 'Ben,Okafor,,yes,Shoplifting', 'Cleo,Stone,300,yes,Abusive to staff'].join('\n'))
    expect(await runImport(a, file)).toBe(3)

    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    const caches = (s: SyncStore) =>
      s.core.services.db('customers').select('id', 'first_name', 'loyalty_enrolled', 'loyalty_points', 'last_loyalty_reason', 'flagged', 'flag_reason').orderBy('id')
    const history = async (s: SyncStore) => ({
      ledger: await s.core.services.db('loyalty_ledger').select('id', 'customer_id', 'kind', 'points', 'reason', 'user_id', 'approver_id', 'hlc').orderBy('id'),
      flags: await s.core.services.db('flag_events').select('id', 'customer_id', 'action', 'reason', 'user_id', 'hlc').orderBy('id'),
    })
    expect(await caches(b)).toEqual(await caches(a))
    expect(await history(b)).toEqual(await history(a))
    expect((await caches(b)).find((c: { first_name: string }) => c.first_name === 'Cleo')).toMatchObject({ loyalty_points: 300, flagged: 1, flag_reason: 'Abusive to staff' })
    expect(await digestsDiffer(stores)).toEqual([])
    expect(await cacheProblems(b)).toEqual([])
  })
})
