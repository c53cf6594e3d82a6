import type { CommandContext } from '../context'
import { listStores } from './repo'

/** The owner's stores, for choosing where a customer shops. */
export async function list(ctx: CommandContext) {
  return listStores(ctx.db)
}
