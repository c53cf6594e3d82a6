import type { CommandContext } from '../context'
import { listStores } from './repo'

/** The owner's stores, for choosing where a customer shops; `local` marks this PC's store. */
export async function list(ctx: CommandContext) {
  const localId = ctx.localStoreId()
  return (await listStores(ctx.db)).map((store) => ({ ...store, local: store.id === localId }))
}
