import type { CommandContext } from '../context'
import { databaseFileOf } from '../customers/export/rows'
import { checkCopyFolder } from './copy-folder-check'
import { copyStatus, readCopySetting, saveCopySetting, type CopySetting } from './copy-setting'

/**
 * Settings → Backups, "Also keep a copy of each automatic backup in another folder": Choose
 * folder… and Stop copying. The setting is written in the backups' turn, so a copy running
 * meanwhile cannot write its outcome over it (or bring back a folder the owner just stopped).
 */
export async function chooseCopyFolder(ctx: CommandContext) {
  const current = readCopySetting(ctx.dataDir)
  const picked = await ctx.dialogs.chooseFolder({ title: 'Choose a folder for copies of the backups', defaultFolder: current?.folder })
  if (!picked) return { chosen: false, copy: copyStatus(current) }
  const folder = checkCopyFolder(picked, ctx.dataDir, databaseFileOf(ctx.db))
  const setting = await ctx.backups.exclusive(async () => {
    const now = readCopySetting(ctx.dataDir)
    // The same folder again keeps what is known of it (a failure stays until a copy works).
    const kept: CopySetting = now?.folder === folder ? now : { folder, lastCopy: null, failure: null, notifiedAt: null }
    saveCopySetting(ctx.dataDir, kept)
    return kept
  })
  return { chosen: true, copy: copyStatus(setting) }
}

export async function stopCopying(ctx: CommandContext) {
  await ctx.backups.exclusive(async () => saveCopySetting(ctx.dataDir, null))
  return { copy: null }
}
