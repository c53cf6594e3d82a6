import { otherStorePhrase, type BackupBelongsTo } from '../../contract/backups'
import type { CommandContext } from '../context'
import { AppError } from '../errors'
import type { Staged } from './staging'

/**
 * Whose data a backup is, by store id (names may repeat): restoring another store's backup
 * makes this PC that store, its own customers, receipts and hub link replaced, so the preview
 * says so and the restore needs the owner's explicit word for it.
 */
export async function belongsTo(ctx: CommandContext, staged: Staged): Promise<BackupBelongsTo> {
  const here = ctx.localStoreId()
  if (here === null) return { kind: 'new-pc' }
  if (staged.facts.storeId === here) return { kind: 'this-store' }
  const current = await ctx.db('stores').where({ id: here }).first('name')
  return { kind: 'another-store', backupStore: staged.facts.storeName ?? '', thisStore: (current?.name as string | undefined) ?? '' }
}

/**
 * Refuses another store's backup unless the owner confirmed that this PC becomes that store:
 * the renderer's disabled button is no guard (it is untrusted), and a picked file replaced on
 * the disk between the preview and the restore may be another store's by then.
 */
export async function requireConfirmedStore(ctx: CommandContext, staged: Staged, confirmed: boolean): Promise<void> {
  const whose = await belongsTo(ctx, staged)
  if (whose.kind !== 'another-store' || confirmed) return
  throw new AppError(
    'CONFLICT',
    `This backup is ${otherStorePhrase(whose.backupStore, whose.thisStore)}: restoring it makes this PC ${whose.backupStore}. Nothing was restored; confirm that this PC becomes ${whose.backupStore} to restore it.`,
  )
}
