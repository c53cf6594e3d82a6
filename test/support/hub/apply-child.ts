/**
 * The child process of the convergence property's kill -9 fault (see kill-apply.ts). Started
 * ahead of need, it loads and waits for one line on stdin: a store's folder, the schedule's
 * clock and a kill point. It then opens the store (linked to the hub), runs one round (pull
 * in small batches) and kills itself with SIGKILL just before its `killAt`-th write inside a
 * transaction (the sync state and the pull cursor are written in one): in the middle of
 * applying a batch, with part of it written and nothing committed.
 */
import { createInterface } from 'node:readline'
import { createCore } from '../../../electron/core'
import { isLoopback, TEST_KDF } from '../core'
import { sharedTestSecrets } from './fixed-secrets'

async function run(dir: string, nowMs: number, killAt: number) {
  const started = Date.now()
  const core = await createCore({
    dataDir: dir,
    kdf: TEST_KDF,
    log: () => {},
    automaticBackups: false,
    secrets: sharedTestSecrets(),
    now: () => new Date(nowMs + Date.now() - started),
    mail: { allowHost: () => false },
    // A join this child runs sets the customers' indexes aside whatever the hub's size (the app
    // does so only on a large hub: hub/worker.ts, worthSettingAside), so a kill lands in its first
    // step with them aside too: the store is then opened with them missing (commands that read
    // through them refused) and its next round, in the test's process, goes on and puts them back.
    hub: { worker: false, batchSize: 3, allowHost: isLoopback, connectTimeoutMs: 3000, joinSetsAside: true },
  })
  let writes = 0
  let inTransaction = false
  core.services.db.on('query', (query: { sql?: string }) => {
    // The applier's batch writes go on the transaction's connection without knex's transaction
    // id: follow BEGIN … COMMIT on the (single) connection instead.
    const sql = query.sql ?? ''
    if (/^\s*BEGIN/i.test(sql)) inTransaction = true
    else if (/^\s*(COMMIT|ROLLBACK)\b/i.test(sql)) inTransaction = false
    else if (inTransaction && /^\s*(insert|update|delete|replace)\b/i.test(sql) && !/hub_link/.test(sql)) {
      // Before the statement runs: what the transaction wrote so far is in the WAL, uncommitted.
      if (++writes === killAt) process.kill(process.pid, 'SIGKILL')
    }
  })
  await core.services.hub.round()
  process.stdout.write(`done after ${writes} writes ${core.services.hub.live.lastError ?? ''}\n`)
  await core.close()
}

const lines = createInterface({ input: process.stdin })
lines.once('line', (line) => {
  const [dir, nowMs, killAt] = JSON.parse(line) as [string, number, number]
  lines.close()
  run(dir, nowMs, killAt).catch((error) => {
    process.stdout.write(`failed ${(error as Error).stack}\n`)
    process.exit(1)
  })
})
process.stdout.write('ready\n')
