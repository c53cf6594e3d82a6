import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Knex } from 'knex'

interface RawBackup {
  step(pages: number, callback: (error: Error | null) => void): void
  finish(callback?: (error: Error | null) => void): void
}
interface RawDatabase {
  backup(filename: string, callback: (error: Error | null) => void): RawBackup
}

function run(fn: (callback: (error: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((error) => (error ? reject(error) : resolve())))
}

/**
 * Copies the live database to `file` with SQLite's online backup API: a consistent
 * snapshot even while the app keeps writing, taken on the app's own connection.
 */
export async function backupTo(db: Knex, file: string): Promise<void> {
  const connection = (await db.client.acquireConnection()) as RawDatabase
  try {
    let backup: RawBackup | undefined
    await run((done) => {
      backup = connection.backup(file, done)
    })
    await run((done) => backup!.step(-1, done))
    await run((done) => backup!.finish(done))
  } finally {
    await db.client.releaseConnection(connection)
  }
}

/** `<dataDir>/backups/backroom-<UTC time>-<reason>.sqlite`, the folder made on demand. */
export function backupPath(dataDir: string, reason: string, at: Date): string {
  const folder = join(dataDir, 'backups')
  mkdirSync(folder, { recursive: true })
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  return join(folder, `backroom-${stamp}-${reason}.sqlite`)
}
