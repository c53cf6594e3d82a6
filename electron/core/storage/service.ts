import { statfs } from 'node:fs/promises'
import type { CommandContext } from '../context'
import { inTransaction } from '../db/transaction'
import { isDiskFull, isNotWritable } from '../backups/failures'
import { DISK_FULL_MESSAGE, READ_ONLY_MESSAGE } from './errors'

/** Below this much free space the disk counts as full: a sale or a backup would not fit for long. */
const MIN_FREE_BYTES = 32 * 1024 * 1024
const ROLLED_BACK = Symbol('rolled back')

/**
 * Whether the database can take writes again: free space on the disk, then a write that needs
 * new pages (a table and 64 KB), always rolled back, so asking changes nothing on disk.
 */
async function probe(ctx: CommandContext): Promise<'ok' | 'disk-full' | 'read-only'> {
  try {
    const disk = await statfs(ctx.dataDir)
    if (disk.bavail * disk.bsize < MIN_FREE_BYTES) return 'disk-full'
  } catch {
    // statfs is not everywhere; the write below still tells.
  }
  try {
    await inTransaction(ctx.db, async (trx) => {
      await trx.raw('CREATE TABLE storage_probe (x BLOB)')
      await trx.raw('INSERT INTO storage_probe VALUES (zeroblob(65536))')
      throw ROLLED_BACK
    })
  } catch (error) {
    if (error === ROLLED_BACK) return 'ok'
    if (isDiskFull(error)) return 'disk-full'
    if (isNotWritable(error)) return 'read-only'
    throw error
  }
  return 'ok'
}

/** Asked by the banner that a DISK_FULL or READ_ONLY answer put up, until the problem is gone. */
export async function status(ctx: CommandContext) {
  const problem = await probe(ctx)
  if (problem === 'ok') return { problem: null, message: null }
  return { problem, message: problem === 'disk-full' ? DISK_FULL_MESSAGE : READ_ONLY_MESSAGE }
}
