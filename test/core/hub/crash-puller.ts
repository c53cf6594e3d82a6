/**
 * The child process of crash.test.ts and bulk-join.test.ts: opens a store linked to the hub and
 * runs one round (a long pull, or a join with the customers' indexes set aside, in small
 * batches) until the parent kills it with SIGKILL.
 */
import { createCore } from '../../../electron/core'
import { TEST_KDF } from '../../support/core'
import { sharedTestSecrets } from '../../support/hub/fixed-secrets'

async function main() {
  const [dir] = process.argv.slice(2)
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false, secrets: sharedTestSecrets(), hub: { worker: false, batchSize: 50, joinSetsAside: true } })
  process.stdout.write('ready\n')
  await core.services.hub.round()
  process.stdout.write(`done ${core.services.hub.live.lastError ?? ''}\n`)
  await core.close()
}

void main()
