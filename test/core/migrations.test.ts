import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { migrateToLatest } from '../../electron/core/db/migrate'
import { migrations } from '../../migrations'
import { startTestCore, tempDir, type TestCore } from '../support/core'

let core: TestCore | undefined
let db: Knex | undefined
afterEach(async () => {
  await core?.cleanup()
  await db?.destroy()
  core = db = undefined
})

describe('migrations', () => {
  it('lists every migration file in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations'))
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
    expect(Object.keys(migrations).sort()).toEqual(files.sort())
  })

  it('builds the schema on an empty database with the pragmas set', async () => {
    core = await startTestCore({ freshDatabase: true })
    expect(core.migration.applied).toEqual(Object.keys(migrations).sort())
    expect(core.migration.backupFile).toBeNull()
    const tables = (await core.services.db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")).map(
      (r: { name: string }) => r.name,
    )
    expect(tables).toEqual(expect.arrayContaining(['meta', 'stores', 'users', 'change_log']))
    const pragma = async (name: string) => Object.values((await core!.services.db.raw(`PRAGMA ${name}`))[0])[0]
    expect(await pragma('foreign_keys')).toBe(1)
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('synchronous')).toBe(2)
    expect(await pragma('busy_timeout')).toBe(5000)
    expect(await pragma('cache_size')).toBe(-65536)
    expect(await pragma('journal_size_limit')).toBe(40 * 1024 * 1024)
    expect(await pragma('wal_autocheckpoint')).toBe(8192)
    expect(await core.services.db.raw('PRAGMA foreign_key_check')).toEqual([])
  })

  it('starts a database that ran every migration with two statements, without Knex listing and locking', async () => {
    const dir = tempDir()
    db = openDatabase(join(dir, 'test.sqlite'))
    await migrateToLatest(db, dir, new Date('2026-01-01T00:00:00Z'))
    const statements: string[] = []
    db.on('query', (q: { sql: string }) => statements.push(q.sql))
    expect(await migrateToLatest(db, dir, new Date('2026-01-02T00:00:00Z'))).toEqual({ applied: [], backupFile: null })
    expect(statements).toHaveLength(2)
    expect(statements.join('\n')).not.toMatch(/knex_migrations_lock/)
  })

  it('records a migration in the transaction that ran it, even with one that runs outside a transaction pending', async () => {
    // A start stopped between a migration's commit and its record left its table made and not
    // recorded, and every later start failed at "already exists". The record refused here stands
    // for that stop: the migration's table must go with it.
    const dir = tempDir()
    db = openDatabase(join(dir, 'test.sqlite'))
    const noop = { up: async () => {}, down: async () => {} }
    const outside = { ...noop, config: { transaction: false } }
    const makesTable = { up: async (k: Knex) => k.raw('CREATE TABLE made (id TEXT)'), down: async () => {} }
    const now = new Date('2026-12-07T12:00:00Z')
    await migrateToLatest(db, dir, now, { '1_first': noop })
    await db.raw("CREATE TRIGGER refuse_record BEFORE INSERT ON knex_migrations WHEN NEW.name = '2_table' BEGIN SELECT RAISE(ABORT, 'stopped'); END")
    const pending = { '1_first': noop, '2_table': makesTable, '3_outside': outside }
    await expect(migrateToLatest(db, dir, now, pending, { backup: false })).rejects.toThrow(/stopped/)
    expect(await db.raw("SELECT name FROM sqlite_master WHERE name = 'made'")).toEqual([])
    await db.raw('DROP TRIGGER refuse_record')
    expect((await migrateToLatest(db, dir, now, pending, { backup: false })).applied).toEqual(['2_table', '3_outside'])
  })

  it('backs the database up before running a pending migration on a database with data', async () => {
    const dir = tempDir()
    db = openDatabase(join(dir, 'test.sqlite'))
    const first = { '20260101000000_a': { up: (k: Knex) => k.schema.createTable('a', (t) => t.integer('x')), down: async () => {} } }
    await migrateToLatest(db, dir, new Date('2026-01-01T00:00:00Z'), first)
    await db('a').insert({ x: 7 })
    const second = {
      ...first,
      '20260201000000_b': { up: (k: Knex) => k.schema.createTable('b', (t) => t.integer('y')), down: async () => {} },
    }
    const result = await migrateToLatest(db, dir, new Date('2026-02-01T00:00:00Z'), second)
    expect(result.applied).toEqual(['20260201000000_b'])
    expect(result.backupFile).toMatch(/backups[/\\]backroom-2026-02-01T00-00-00-000Z-before-migration\.sqlite$/)
    expect(existsSync(result.backupFile!)).toBe(true)
    const copy = openDatabase(result.backupFile!)
    try {
      expect(await copy('a').select('x')).toEqual([{ x: 7 }])
      expect(await copy.schema.hasTable('b')).toBe(false)
    } finally {
      await copy.destroy()
    }
  })
})
