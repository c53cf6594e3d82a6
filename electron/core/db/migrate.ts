import type { Knex } from 'knex'
import { migrations as allMigrations } from '../../../migrations'
import { backupPath, backupTo } from './backup'

/** Knex reads migrations from the static list in migrations/index.ts, so bundling keeps them. */
function sourceOf(migrations: Record<string, Knex.Migration>): Knex.MigrationSource<string> {
  return {
    async getMigrations() {
      return Object.keys(migrations).sort()
    },
    getMigrationName(name) {
      return name
    },
    async getMigration(name) {
      return migrations[name]
    },
  }
}

export interface MigrationResult {
  applied: string[]
  backupFile: string | null
}

/**
 * Runs pending migrations. When a database that already holds data is about to change shape,
 * a backup is taken first so a failed or unwanted upgrade can be rolled back by hand.
 */
export async function migrateToLatest(
  db: Knex,
  dataDir: string,
  now: Date,
  migrations: Record<string, Knex.Migration> = allMigrations,
): Promise<MigrationResult> {
  const config = { migrationSource: sourceOf(migrations) }
  const [completed, pending] = (await db.migrate.list(config)) as [unknown[], unknown[]]
  if (pending.length === 0) return { applied: [], backupFile: null }
  let backupFile: string | null = null
  if (completed.length > 0) {
    backupFile = backupPath(dataDir, 'before-migration', now)
    await backupTo(db, backupFile)
  }
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]]
  return { applied, backupFile }
}
