import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createCore, DATABASE_FILE } from '../../electron/core'
import { bundleChild, ROOT } from './child-bundle'
import { TEST_KDF } from './core'

declare module 'vitest' {
  interface ProvidedContext {
    /** A database migrated once per run (no node id), which startTestCore copies (test/support/core.ts). */
    templateDatabase: string
    /** The SMTP thread bundled once per run, which startTestCore's cores start (test/support/core.ts). */
    smtpThread: string
  }
}

/**
 * Vitest global setup: runs every migration once, on an empty database, before the test files
 * start. A core in a test then starts from a copy of it (a file copy, ~8 ms of CPU) instead of
 * migrating its own empty file (~100 ms of CPU, with some 1000 cores a run). What the
 * migrations do to an empty database is the same either way; test/core/migrations.test.ts still
 * migrates an empty file itself (`freshDatabase`), and made anew each run, the copy is never stale.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'backroom-template-'))
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
  // Every copy makes its own node id (an HLC node), as a new install does.
  await core.services.db('meta').where({ key: 'node_id' }).delete()
  await core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  await core.close()
  const file = join(dir, DATABASE_FILE)
  project.provide('templateDatabase', file)
  // The SMTP thread bundled once, as the built app has it: from source, each core's thread loaded
  // it through tsx (~0.4 s of CPU at its first send, with some dozens of sending cores a run).
  const smtpThread = await bundleChild(join(ROOT, 'electron/core/mail/smtp-thread.ts'), 'smtp-thread', 'smtp-thread')
  project.provide('smtpThread', smtpThread)
  return () => {
    rmSync(dirname(file), { recursive: true, force: true })
    rmSync(smtpThread, { force: true })
  }
}
