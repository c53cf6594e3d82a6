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

/**
 * Tables that never travel, each with why: this database's own bookkeeping, or state every store
 * works out again from the entries it applies. A table in neither this list nor the sync spec is
 * one nobody decided about: the test below fails until it is classed.
 */
const LOCAL_TABLES: Record<string, string> = {
  change_log: 'the log itself: its entries are what travels, each applied into the tables above',
  sync_inbox: 'entries waiting here to apply (incomplete, parents missing, ahead, newer)',
  sync_conflicts: 'open username and gift card conflicts, settled by every store from the claims',
  customer_claims: 'who claims which username or gift card number, made again from the entries by every store',
  erased_entries: 'the ids of entries erases took, learned from erase entries',
  erased_units: 'what erases written before ids took, by count, learned from erase entries',
  blobs: 'photo bytes: they travel as content-addressed blobs (sync/blobs.ts), not as entries',
  customer_search: "the customers' full-text index, built by every store from search_text",
  hub_link: "this PC's link to the hub: address, credentials, cursors",
  meta: "this database's store id, node id and settings of the PC",
  mail_settings: "the store's SMTP server, per store (its password sealed on this PC)",
  mail_outbox: "this store's outgoing receipt emails (the request travels as receipt_emails)",
  read_cache_token: 'tells this process when its cached users and stores went stale',
  login_throttle: 'failed sign-ins counted on this PC',
  command_requests: "this desk's request ids and the rows they made, so a form's draft sent again after a lost answer or a crash is not saved twice",
}

/** Full-text tables' own shadow tables (fts5 names them `<table>_<suffix>`). */
const FTS_SHADOWS = ['data', 'idx', 'content', 'docsize', 'config']

describe('every table of the database', () => {
  it('is either synced (in the sync spec) or local (in the commented list above)', async () => {
    const rows: { name: string; sql: string | null }[] = await core.services.db.raw("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    const fts = rows.filter((r) => /CREATE VIRTUAL TABLE/i.test(r.sql ?? '') && /USING fts\d/i.test(r.sql ?? '')).map((r) => r.name)
    const shadows = new Set(fts.flatMap((table) => FTS_SHADOWS.map((suffix) => `${table}_${suffix}`)))
    const own = rows.map((r) => r.name).filter((name) => !name.startsWith('sqlite_') && !name.startsWith('knex_') && !shadows.has(name))
    const unclassed = own.filter((name) => !(name in SYNC_SPEC) && !(name in LOCAL_TABLES))
    expect(unclassed, 'a table nobody classed: add it to sync/spec.ts (synced) or to LOCAL_TABLES in test/core/sync/spec.test.ts (local), saying why').toEqual([])
    // And the list names only tables there are, none in both.
    expect(Object.keys(LOCAL_TABLES).filter((name) => !own.includes(name))).toEqual([])
    expect(Object.keys(LOCAL_TABLES).filter((name) => name in SYNC_SPEC)).toEqual([])
  })
})
