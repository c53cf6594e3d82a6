import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { localDateOf } from '../../../../electron/core/time/local-dates'
import { manualClock, startSetUpCore, STORE, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'
import { searchIds } from '../fixtures'
import { checkFile, commitImport, savedCustomers } from './helpers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** A store on the other side of the world from UTC, its clock at `now`, importing `csv`. */
async function importAt(timeZone: string, now: string, csv: string) {
  const scripted = scriptedDialogs()
  core = await startSetUpCore({ dialogs: scripted.dialogs, store: { ...STORE, timeZone }, now: manualClock(now).now })
  const path = join(core.dir, 'customers.csv')
  writeFileSync(path, csv)
  return { core, ...(await checkFile(core, scripted.willPick, path)) }
}

describe('the day a customer registered, from the file', () => {
  it('is that day on the store’s clock, wherever the store is (it was noon in London: the next day in Auckland)', async () => {
    const { core, file } = await importAt('Pacific/Auckland', '2026-06-01T00:00:00.000Z', 'First Name,Date registered\nAna,2026-03-14\nBen,2025-07-01 09:30\n')
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(localDateOf(new Date(saved.Ana.created_at as string), 'Pacific/Auckland')).toBe('2026-03-14')
    expect(localDateOf(new Date(saved.Ben.created_at as string), 'Pacific/Auckland')).toBe('2025-07-01')
    // The list's "registered between" finds them on their own days.
    const ana = { period: 'custom', from: '2026-03-14', to: '2026-03-14', status: 'active' } as const
    expect(await searchIds(core, ana)).toHaveLength(1)
  })

  it('may be today in a morning east of London (noon in London is still to come); a later day is refused', async () => {
    // 08:30 in Berlin.
    const { core, file, status } = await importAt('Europe/Berlin', '2026-12-07T07:30:00.000Z', 'First Name,Date registered\nAna,2026-12-07\nBen,2026-12-08\n')
    expect(status.summary!.issues).toEqual([{ row: 3, kind: 'error', field: 'Registered on', value: '2026-12-08', message: 'Registered on cannot be in the future' }])
    await commitImport(core, file.id, { leaveOutBadRows: true })
    const saved = await savedCustomers(core)
    expect(localDateOf(new Date(saved.Ana.created_at as string), 'Europe/Berlin')).toBe('2026-12-07')
    // Never after the moment of the import.
    expect((saved.Ana.created_at as string) <= '2026-12-07T07:30:00.000Z').toBe(true)
  })
})
