import type { CoreServices } from '../context'
import { findStore } from '../stores/repo'

/** The store's time zone, by which the retention rule counts days; null before setup. */
export async function storeTimeZone(services: Pick<CoreServices, 'db' | 'localStoreId'>): Promise<string | null> {
  const storeId = services.localStoreId()
  return storeId ? ((await findStore(services.db, storeId))?.time_zone ?? null) : null
}
