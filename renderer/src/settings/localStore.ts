import { backroom, unwrap } from '@/api/client'

/**
 * This PC's store's id (stores:list marks it): what the Settings screens' drafts are kept under,
 * so a PC that becomes another store (a restored backup of it, a replacement PC's join) never
 * offers one store's typing on another's settings.
 */
export async function localStoreId(): Promise<string> {
  const stores = await unwrap(backroom().stores.list({}))
  return stores.find((store) => store.local)?.id ?? ''
}
