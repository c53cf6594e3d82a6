import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../electron/core'
import { SqliteFile } from '../../../electron/core/backups/sqlite-file'
import { checkpointSettled } from '../../../electron/core/db/checkpoint-aside'
import { AUTOCHECKPOINT_PAGES } from '../../../electron/core/db/connection'
import type { TestCore } from '../../support/core'
import { customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/**
 * A pull with more waiting than one batch (a store back after days offline) applies the rest
 * with SQLite's automatic checkpoint off and checkpoints once aside at the end
 * (db/checkpoint-aside.ts): no batch's commit stops to fold the WAL into the file (100,000
 * entries pulled: 22.8 → 19.2–19.5 s in `npm run bench:hub`). A pull of one batch or less
 * changes nothing.
 */
const hub = useHubServer()

/** Statements that turn the automatic checkpoint off, from now on. */
function checkpointOffs(store: TestCore): string[] {
  const seen: string[] = []
  store.services.db.on('query', (q: { sql: string }) => {
    if (/wal_autocheckpoint = 0/.test(q.sql)) seen.push(q.sql)
  })
  return seen
}

it('sets the checkpoint aside while it pulls a backlog, then folds the WAL in and turns it back on', async () => {
  const a = await hub.store()
  const admin = await makeHub(hub.pgs, a)
  await joinHub(a, admin, 'A')
  const b = await hub.store({ hub: { batchSize: 2 } })
  await joinHub(b, admin, 'B', 'new', a)
  await a.services.hub.round()
  await b.services.hub.round()

  // One customer: less than a batch.
  await a.ok('customers:create', customerInput(a, { firstName: 'Ana' }))
  await a.services.hub.round()
  const small = checkpointOffs(b)
  await b.services.hub.round()
  expect(await b.services.db('customers').where({ first_name: 'Ana' }).count({ n: '*' }).first()).toEqual({ n: 1 })
  expect(small).toEqual([])

  // Five customers: three batches of two.
  const names = ['Ben', 'Cleo', 'Dev', 'Eli', 'Fay']
  for (const firstName of names) await a.ok('customers:create', customerInput(a, { firstName }))
  await a.services.hub.round()
  const backlog = checkpointOffs(b)
  await b.services.hub.round()
  expect(backlog).toHaveLength(1)
  await checkpointSettled(b.services.db)
  expect(await b.services.db.raw('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: AUTOCHECKPOINT_PAGES }])
  // The database file alone (no WAL beside it) holds what was pulled: the checkpoint aside ran.
  const copy = join(b.services.dataDir, 'file-alone.sqlite')
  copyFileSync(join(b.services.dataDir, DATABASE_FILE), copy)
  const alone = await SqliteFile.open(copy, { readOnly: true })
  expect(await alone.get(`SELECT count(*) AS n FROM customers WHERE first_name IN (${names.map(() => '?').join(', ')})`, names)).toEqual({ n: 5 })
  await alone.close()
}, 60_000)
