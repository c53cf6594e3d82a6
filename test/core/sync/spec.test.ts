import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parentsOf, SYNC_SPEC, TABLE_ORDER, type SyncedTable, type TableSpec } from '../../../electron/core/sync/spec'
import { startTestCore, type TestCore } from '../../support/core'

/**
 * The sync spec names every column of every synced table as synced or local, and every
 * foreign key as a parent the applier waits for: a column or key added without a word in
 * sync/spec.ts fails here instead of silently never reaching the other stores.
 */
let core: TestCore
beforeAll(async () => {
  core = await startTestCore()
})
afterAll(() => core.cleanup())

const tables = Object.keys(SYNC_SPEC) as SyncedTable[]

describe('the sync spec', () => {
  it.each(tables)('%s: every column is either synced or local', async (table) => {
    const spec = SYNC_SPEC[table]
    const columns: { name: string }[] = await core.services.db.raw(`PRAGMA table_info(${table})`)
    const named = new Set<string>(
      spec.kind === 'set' ? [spec.ownerColumn, spec.memberColumn, ...spec.local] : ['id', ...spec.synced, ...spec.local],
    )
    expect(columns.map((c) => c.name).filter((name) => !named.has(name))).toEqual([])
    expect([...named].filter((name) => !columns.some((c) => c.name === name))).toEqual([])
  })

  it.each(tables)('%s: every foreign key is a parent the applier waits for', async (table) => {
    const spec: TableSpec = SYNC_SPEC[table]
    const keys: { from: string; table: string }[] = await core.services.db.raw(`PRAGMA foreign_key_list(${table})`)
    const parents = parentsOf(spec)
    for (const key of keys) expect(parents[key.from], `${table}.${key.from}`).toBe(key.table)
  })

  it.each(tables)('%s: comes after every table it points at in the order batches write', (table) => {
    for (const parent of Object.values(parentsOf(SYNC_SPEC[table]))) {
      if (parent !== table) expect(TABLE_ORDER.indexOf(parent as SyncedTable), `${parent} before ${table}`).toBeLessThan(TABLE_ORDER.indexOf(table))
    }
    expect(TABLE_ORDER.filter((t) => t === table)).toHaveLength(1)
  })
})
