import { syncDigest } from '../../../electron/core/sync/digest'
import type { Core } from '../../../electron/core'

/** The distinct sync digests of these stores: one when they hold the same synced state. */
export async function digestStores(stores: readonly Pick<Core, 'services'>[]): Promise<string[]> {
  const digests = new Set<string>()
  for (const store of stores) digests.add(JSON.stringify(await syncDigest(store.services.db)))
  return [...digests]
}
