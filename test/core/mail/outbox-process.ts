import { readFileSync } from 'node:fs'
import { createCore } from '../../../electron/core'

/**
 * The app's core alone in a process of its own, for the crash test to kill: it opens the store
 * in argv[2], and its outbox worker starts sending what is queued, as the app does at start. It
 * runs bundled (crash.test.ts), so the test server's certificate is named in argv[3]: the
 * bundle is not beside it.
 */
async function main() {
  await createCore({
    dataDir: process.argv[2]!,
    log: () => {},
    mail: { trustedCertificates: [readFileSync(process.argv[3]!, 'utf8')], backoff: { baseMs: 30, maxMs: 200 } },
  })
  process.stdout.write('ready\n')
  // Stay up until the test kills this process.
  setInterval(() => {}, 60_000)
}

void main()
