import type { CoreServices } from '../context'
import { flushEntries, newWriter } from '../db/changelog'
import { AppError } from '../errors'
import { newId } from '../ids'
import { defaultReceiptPrefix } from '../sales/receipt-number'
import { findUserById } from '../users/repo'
import { prefixesOfOtherStores } from './prefixes'
import { insertStore } from './repo'

/**
 * A new PC joining the owner's stores: after the owner's users and stores have been applied
 * from the others (sync), it becomes a store of its own, with its own id, name and receipt
 * prefix (the name's initials, with a number added when another store prints them already).
 * Credited to the owner who sets it up.
 */
export async function createJoinedStore(
  services: CoreServices,
  input: { name: string; currency: string; timeZone: string },
  ownerId: string,
): Promise<string> {
  if (services.localStoreId()) throw new AppError('CONFLICT', 'This PC is already a store')
  const owner = await findUserById(services.db, ownerId)
  if (!owner || owner.role !== 'owner' || !owner.active) throw new AppError('FORBIDDEN', 'Only an active owner can add a store')
  // What the other stores print, as settings:update checks it (an empty prefix prints the initials).
  const taken = await prefixesOfOtherStores(services.db, null)
  const initials = defaultReceiptPrefix(input.name).slice(0, 5)
  let prefix = initials
  // Within the prefix's 6 characters (other stores refuse a longer one): HRSCE9, then HRSC10.
  for (let n = 2; taken.has(prefix); n++) prefix = `${initials.slice(0, 6 - String(n).length)}${n}`
  const storeId = newId()
  await services.db.transaction(async (trx) => {
    const w = newWriter(trx, { storeId, userId: ownerId, at: services.now().toISOString(), tick: () => services.hlc.tick() })
    await insertStore(w, { id: storeId, name: input.name, currency: input.currency, timeZone: input.timeZone, receiptPrefix: prefix })
    await trx('meta').insert({ key: 'local_store_id', value: storeId })
    await flushEntries(w)
  })
  services.setLocalStoreId(storeId)
  return storeId
}
