import { join } from 'node:path'
import { emptySchema, importThroughCommands, rawInsert, writeCustomerFile } from './import'
import type { TransferRow } from './rows'
import { withPeakRss } from './store'

/**
 * Import: a CSV of as many new customers as the store holds (other people than those loaded),
 * through the commands the import screen sends (pick and read, check: map, validate, duplicate
 * check; save in one transaction), against raw SQLite inserting the very rows the import saved
 * into an empty database of the same schema with one prepared INSERT per row in one transaction.
 * Target: 100,000 rows in ≤ 15 s (150 s at a million).
 */
export const IMPORT_ROWS: TransferRow[] = [
  {
    label: 'Import CSV (read, check, save)',
    groups: ['import'],
    target: { secondsAtMillion: 150, rssMb: 1000 },
    async measure(store, folder) {
      const path = join(folder, 'import.csv')
      const bytes = writeCustomerFile(path, store.customers, store.core.services.localStoreId()!, store.customers)
      const core = await withPeakRss(() => importThroughCommands(store.core, store.session, store.willOpen, path))
      const rows = (await store.core.services.db('customers').select('*').orderBy('local_rowid', 'desc').limit(core.result.saved)) as Record<string, unknown>[]
      const rawDir = join(folder, 'raw-import')
      await emptySchema(rawDir)
      const raw = await withPeakRss(() => rawInsert(rawDir, rows))
      return {
        core: { seconds: core.seconds, cpuSeconds: core.cpuSeconds, peakRssMb: core.peakRssMb, riseMb: core.riseMb, rows: core.result.saved, bytes },
        raw: { seconds: raw.seconds, cpuSeconds: raw.cpuSeconds, peakRssMb: raw.peakRssMb, riseMb: raw.riseMb, rows: rows.length, bytes },
      }
    },
  },
]
