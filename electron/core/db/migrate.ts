import type { Knex } from 'knex'
import { migrations as allMigrations } from '../../../migrations'
import { takeBackup } from '../backups/take'
import { onConnection } from './prepared'

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

export interface MigrateOptions {
  /** False for a copy being prepared for restore: it is a copy already. */
  backup?: boolean
}

/**
 * Runs pending migrations. When a database that already holds data is about to change shape,
 * a verified backup is taken first (and the migration does not run if it fails), so a failed
 * or unwanted upgrade can be rolled back.
 */
export async function migrateToLatest(
  db: Knex,
  dataDir: string,
  now: Date,
  migrations: Record<string, Knex.Migration> = allMigrations,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  if (await allRun(db, Object.keys(migrations))) return { applied: [], backupFile: null }
  const config = { migrationSource: sourceOf(migrations) }
  const [completed, pending] = (await db.migrate.list(config)) as [unknown[], unknown[]]
  if (pending.length === 0) return { applied: [], backupFile: null }
  let backupFile: string | null = null
  if (completed.length > 0 && options.backup !== false) {
    backupFile = (await takeBackup({ db, dataDir, now: () => now }, 'before-migration')).file
  }
  // One app instance owns the file (Electron's single-instance lock), so a lock still set is one
  // a killed start left behind (a migration running outside a transaction takes it on its own);
  // left alone, every later start would stop at "Migration table is already locked".
  await db.migrate.forceFreeMigrationsLock(config)
  // One at a time: Knex's latest, when any pending migration runs outside a transaction (the
  // sync-ready one), commits each other migration in a transaction of its own and records it in
  // knex_migrations only after that commit. A start killed between the two (startup-crash test)
  // left a table made and not recorded, and every later start failed at "already exists". `up`
  // runs a transactional migration and its record in one transaction.
  const applied: string[] = []
  for (let left = pending.length; left > 0; left -= 1) {
    const [, names] = (await db.migrate.up(config)) as [number, string[]]
    if (names.length === 0) break
    applied.push(...names)
  }
  return { applied, backupFile }
}

/**
 * Whether the database has run every migration named (and perhaps newer ones: a newer app's
 * file). The usual start, asked in two statements: Knex's list checks and creates its two
 * tables, takes ~4 ms of CPU, and each core of the test runs (hundreds of starts in the sync
 * convergence test alone) paid it. Anything else goes through Knex's own list and run.
 */
async function allRun(db: Knex, names: readonly string[]): Promise<boolean> {
  return onConnection(db, async (rows) => {
    const [table] = await rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'knex_migrations'")
    if (!table) return false
    const done = new Set((await rows<{ name: string }>('SELECT name FROM knex_migrations')).map((row) => row.name))
    return names.every((name) => done.has(name))
  })
}

/** Every migration this version of the app knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(allMigrations).sort()
}
