import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../electron/core'
import { openDatabase } from '../../../electron/core/db/connection'
import { migrations } from '../../../migrations'
import { tempDir } from '../../support/core'
import { readLog } from './model'
import { bundleWriter, killNow, seeded, sleep, startWriter } from './processes'

/**
 * Kills that land somewhere other than a desk command: in the largest transaction the app has
 * (a bulk import), during start-up (migrations, the daily backup) and during a restore. After
 * each one the next start must work and the data must be whole. The kill moments are spread
 * over the operation's own length, measured once without a kill.
 */
const SEED = Number(process.env.CRASH_SEED ?? 20261202)
const ROUNDS = 3

let bundle: string
const dirs: string[] = []
beforeAll(async () => {
  bundle = await bundleWriter()
}, 60_000)
afterAll(() => {
  rmSync(bundle, { force: true })
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function dataDir(name: string) {
  const dir = tempDir(`backroom-crash-${name}-`)
  dirs.push(dir)
  return { dir, log: join(dir, 'log.jsonl') }
}

/** Runs the writer to the end; returns how long it took after saying `from` (or from its start). */
async function runToEnd(args: string[], from?: string): Promise<number> {
  const writer = startWriter(bundle, args)
  if (from) await writer.saw(from)
  const started = performance.now()
  const code = await writer.exited
  expect(code, writer.output()).toBe(0)
  return performance.now() - started
}

/** Starts the writer and kills it `delay` ms after it says `from` (or after its start). */
async function killAfter(args: string[], delay: number, from?: string): Promise<void> {
  const writer = startWriter(bundle, args)
  if (from) await writer.saw(from).catch(() => {})
  await sleep(delay)
  await killNow(writer)
}

/** A start killed `delay` ms in, then a start that must run to its end. */
async function killStartThenStartAgain(dir: string, log: string, delay: number): Promise<void> {
  await killAfter([dir, log, 'start'], delay)
  await runToEnd([dir, log, 'start'])
}

async function withDatabase<T>(dir: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase(join(dir, DATABASE_FILE))
  try {
    return await work(db)
  } finally {
    await db.destroy()
  }
}

const count = async (db: Knex, table: string) => Number((await db(table).count({ n: '*' }))[0].n)

async function expectWhole(db: Knex) {
  expect(await db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  expect(await db.raw('PRAGMA foreign_key_check')).toEqual([])
  await db.raw("INSERT INTO customer_search (customer_search) VALUES ('integrity-check')")
}

describe('kill -9 during the largest transaction (a bulk import of customers)', () => {
  it('leaves either none or all of the import', async () => {
    const random = seeded(SEED + 1)
    const { dir, log } = dataDir('bulk')
    const BATCH = 5000
    const length = await runToEnd([dir, log, 'bulk', String(BATCH)], 'ready')
    const outcomes: number[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await withDatabase(dir, (db) => count(db, 'customers'))
      await killAfter([dir, log, 'bulk', String(BATCH)], length * (0.15 + random() * 0.8), 'ready')
      await withDatabase(dir, async (db) => {
        const after = await count(db, 'customers')
        expect([before, before + BATCH]).toContain(after)
        await expectWhole(db)
        outcomes.push(after - before)
      })
    }
    const acked = readLog(log).filter((r) => r.op === 'bulk' && r.phase === 'ack').length
    console.log(`bulk import (${BATCH} customers, ${Math.round(length)} ms) killed ${ROUNDS} times: added ${outcomes.join(', ')}; ${acked} imports acknowledged in all`)
  }, 120_000)
})

describe('kill -9 during start-up', () => {
  it('on a new data folder (migrations): the next start works', async () => {
    const random = seeded(SEED + 2)
    const { dir, log } = dataDir('start')
    const length = await runToEnd([dir, log, 'start'])
    for (let round = 1; round <= ROUNDS; round++) {
      for (const side of ['', '-wal', '-shm', '-journal']) rmSync(join(dir, DATABASE_FILE + side), { force: true })
      await killStartThenStartAgain(dir, log, length * random())
      await withDatabase(dir, async (db) => {
        expect((await db('knex_migrations').select('name')).map((r) => r.name)).toEqual(Object.keys(migrations).sort())
        await expectWhole(db)
      })
    }
  }, 90_000)

  it('during the daily backup: no half backup is kept, and the next start backs up and works', async () => {
    const random = seeded(SEED + 3)
    const { dir, log } = dataDir('daily')
    await runToEnd([dir, log, 'bulk', '2000'])
    rmSync(join(dir, 'backups'), { recursive: true, force: true })
    const length = await runToEnd([dir, log, 'start'])
    for (let round = 1; round <= ROUNDS; round++) {
      rmSync(join(dir, 'backups'), { recursive: true, force: true })
      await killStartThenStartAgain(dir, log, length * (0.3 + random() * 0.7))
      const files = readdirSync(join(dir, 'backups'))
      expect(files.filter((f) => f.startsWith('.partial-'))).toEqual([])
      expect(files.filter((f) => f.endsWith('-daily.sqlite'))).toHaveLength(1)
      await withDatabase(dir, async (db) => {
        expect(await count(db, 'customers')).toBe(2000)
        await expectWhole(db)
      })
    }
  }, 90_000)

  it('during a migration of a database with data (and its backup first): every customer stays, the next start migrates', async () => {
    const random = seeded(SEED + 4)
    const { dir, log } = dataDir('migrate')
    await runToEnd([dir, log, 'bulk', '2000'])
    const names = Object.keys(migrations).sort()
    const newest = names[names.length - 1]
    // A database one migration behind: the newest migration undone.
    const stepBack = () =>
      withDatabase(dir, async (db) => {
        if (!(await db('knex_migrations').where({ name: newest }).first())) return
        await migrations[newest].down!(db)
        await db('knex_migrations').where({ name: newest }).delete()
      })
    await stepBack()
    const length = await runToEnd([dir, log, 'start'])
    for (let round = 1; round <= ROUNDS; round++) {
      await stepBack()
      await killStartThenStartAgain(dir, log, length * (0.2 + random() * 0.8))
      await withDatabase(dir, async (db) => {
        expect(await count(db, 'customers')).toBe(2000)
        expect((await db('knex_migrations').select('name')).map((r) => r.name)).toEqual(names)
        await expectWhole(db)
      })
      expect(readdirSync(join(dir, 'backups')).filter((f) => f.startsWith('.partial-'))).toEqual([])
    }
  }, 90_000)
})

describe('kill -9 during a restore', () => {
  it('leaves the old database or the restored one, never a mix, and the next start works', async () => {
    const random = seeded(SEED + 5)
    const { dir, log } = dataDir('restore')
    // The backup holds 3,000 customers; the database it replaces 6,000.
    await runToEnd([dir, log, 'bulk', '3000'])
    await runToEnd([dir, log, 'start'])
    const folder = join(dir, 'backups')
    const backup = readdirSync(folder).find((f) => f.endsWith('.sqlite'))!
    const kept = tempDir('backroom-crash-kept-')
    dirs.push(kept)
    for (const file of [backup, backup.replace('.sqlite', '.json')]) copyFileSync(join(folder, file), join(kept, file))
    const refill = async () => {
      // Back to 6,000 customers, and the backup in its folder (retention may have pruned it).
      if ((await withDatabase(dir, (db) => count(db, 'customers'))) === 3000) await runToEnd([dir, log, 'bulk', '3000'])
      for (const file of readdirSync(kept)) if (!existsSync(join(folder, file))) copyFileSync(join(kept, file), join(folder, file))
    }
    await refill()
    const length = await runToEnd([dir, log, 'restore', backup], 'ready')
    const seen: number[] = []
    for (let round = 1; round <= ROUNDS + 1; round++) {
      await refill()
      await killAfter([dir, log, 'restore', backup], length * (0.3 + random() * 0.8), 'ready')
      await withDatabase(dir, async (db) => {
        const customers = await count(db, 'customers')
        expect([3000, 6000]).toContain(customers)
        seen.push(customers)
        await expectWhole(db)
      })
      await runToEnd([dir, log, 'start'])
      expect(readdirSync(dir).filter((f) => f.startsWith('.restore-'))).toEqual([])
    }
    console.log(`restore (${Math.round(length)} ms) killed ${ROUNDS + 1} times: customers after each kill ${seen.join(', ')}`)
  }, 150_000)
})
