import { join } from 'node:path'
import type { CommandContext } from '../context'
import { databaseFileOf } from '../db/connection'
import { AppError } from '../errors'
import { findStore } from '../stores/repo'
import { describeLimit, FolderDidNotAnswer, watchFolder } from './copy-fs'
import { copySubfolderName, listCopies } from './copy-folder'
import { checkCopyFolder } from './copy-folder-check'
import { copiesFolderOf, copyPcId, copyStatus, readCopySetting, saveCopySetting, type CopySetting } from './copy-setting'
import { errorCode } from './failures'

const refused = (message: string) => new AppError('VALIDATION', message)

/**
 * This PC's folder inside the one chosen: the one already there from an earlier choice (whatever
 * the store was called then, by this PC's copy id), or a new name. Copies of this PC's found
 * there (chosen again after Stop copying, or after another folder for a while) were out of the
 * erasures' reach meanwhile: the next copy cleans them of every customer erased so far. A folder
 * that does not answer now (it just did) is taken as holding none.
 */
async function arrive(ctx: CommandContext, folder: string, sameDisk: boolean, pcId: string, storeName: string | null): Promise<CopySetting> {
  const fresh: CopySetting = {
    folder,
    subfolder: copySubfolderName(storeName, pcId),
    lastCopy: null,
    failure: null,
    notifiedAt: null,
    scrubOwed: null,
    sameDisk,
  }
  const ending = ` – ${pcId}`
  const earlier = await watchFolder(ctx.backups.copyLimits.probeMs, async (call) => {
    const fs = ctx.backups.copyFs
    for (const name of await call(() => fs.list(folder))) {
      if (!name.startsWith('Backroom backups – ') || !name.endsWith(ending)) continue
      if ((await call(() => fs.kind(join(folder, name)))) !== 'folder') continue
      return { subfolder: name, holdsCopies: (await listCopies(fs, call, join(folder, name))).length > 0 }
    }
    return null
  }).answer.catch(() => null)
  if (!earlier) return fresh
  const erased = earlier.holdsCopies ? (await ctx.db('customers').whereNotNull('erased_at').pluck('id')).map(String).sort() : []
  return { ...fresh, subfolder: earlier.subfolder, scrubOwed: erased.length ? { since: ctx.now().toISOString(), customerIds: erased } : null }
}

/**
 * This PC's folder in the one chosen, made here and only here: each copy requires it there
 * (copy-folder-recheck.ts), so a stick or phone that later takes the chosen one's drive letter,
 * or a folder made anew at its path, is never written to.
 */
async function makeOwnFolder(ctx: CommandContext, setting: CopySetting): Promise<void> {
  const own = copiesFolderOf(setting)
  const probeMs = ctx.backups.copyLimits.probeMs
  try {
    await watchFolder(probeMs, (call) => call(() => ctx.backups.copyFs.makeFolder(own))).answer
  } catch (error) {
    if (error instanceof FolderDidNotAnswer) {
      throw refused(`The folder ${setting.folder} did not answer within ${describeLimit(probeMs)}: make sure the network share or cloud folder is reachable, then choose it again`)
    }
    const code = errorCode(error)
    throw refused(`Backroom cannot make its folder ${own}${code ? ` (${code})` : ''}: choose a folder it may write to`)
  }
}

/**
 * Settings → Backups, "Also keep a copy of each automatic backup in another folder": Choose
 * folder… and Stop copying. The copies go into a folder of this PC's inside the one chosen
 * (`Backroom backups – <store> – <this PC's copy id>`), so PCs sharing one folder keep apart. The
 * setting is written in the backups' turn, so a copy running meanwhile cannot write its outcome
 * over it (or bring back a folder the owner just stopped).
 */
export async function chooseCopyFolder(ctx: CommandContext) {
  const current = readCopySetting(ctx.dataDir)
  const picked = await ctx.dialogs.chooseFolder({ title: 'Choose a folder for copies of the backups', defaultFolder: current?.folder })
  if (!picked) return { chosen: false, copy: copyStatus(current) }
  const { folder, sameDisk } = await checkCopyFolder(ctx.backups.copyFs, ctx.backups.copyLimits.probeMs, picked, ctx.dataDir, databaseFileOf(ctx.db))
  const storeId = ctx.localStoreId()
  const storeName = storeId ? ((await findStore(ctx.db, storeId))?.name ?? null) : null
  const setting = await ctx.backups.exclusive(async () => {
    const now = readCopySetting(ctx.dataDir)
    // The same folder again keeps what is known of it (a failure stays until a copy works), and
    // makes this PC's folder there again if it is gone (the owner says this is the folder).
    if (now?.folder === folder) {
      await makeOwnFolder(ctx, now)
      if (now.sameDisk === sameDisk) return now
      saveCopySetting(ctx.dataDir, { ...now, sameDisk })
      return { ...now, sameDisk }
    }
    const pcId = copyPcId(ctx.dataDir)
    const kept = await arrive(ctx, folder, sameDisk, pcId, storeName)
    await makeOwnFolder(ctx, kept)
    saveCopySetting(ctx.dataDir, kept, pcId)
    return kept
  })
  return { chosen: true, copy: copyStatus(setting) }
}

export async function stopCopying(ctx: CommandContext) {
  await ctx.backups.exclusive(async () => saveCopySetting(ctx.dataDir, null))
  return { copy: null }
}
