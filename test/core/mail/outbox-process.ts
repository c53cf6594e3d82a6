import { createCore } from '../../../electron/core'
import { TEST_CERT } from '../../support/smtp/server'

/**
 * The app's core alone in a process of its own, for the crash test to kill: it opens the store
 * in argv[2], and its outbox worker starts sending what is queued, as the app does at start.
 */
async function main() {
  await createCore({
    dataDir: process.argv[2]!,
    log: () => {},
    mail: { trustedCertificates: [TEST_CERT], backoff: { baseMs: 30, maxMs: 200 } },
  })
  process.stdout.write('ready\n')
  // Stay up until the test kills this process.
  setInterval(() => {}, 60_000)
}

void main()
