import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { decryptFile, encryptFile, type EncryptedPreview } from './encryption'
import { syncFolder } from './take'

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Writes a verified backup to a place the user chose (a USB stick), encrypted when a
 * passphrase is given. Like every backup it is written under a temporary name, synced, read
 * back and checked (the same bytes, or an encryption that decrypts with the passphrase), and
 * only then renamed to the chosen name. `newestMigration` (the backup's) goes into an encrypted
 * file's header.
 */
export async function exportBackup(
  source: string,
  target: string,
  passphrase: string,
  preview: EncryptedPreview,
  newestMigration: string | null,
): Promise<void> {
  const partial = join(dirname(target), `.${basename(target)}.partial`)
  try {
    if (passphrase) {
      await encryptFile(source, partial, passphrase, preview, { newestMigration })
      await decryptFile(partial, null, passphrase)
    } else {
      await copyFile(source, partial)
      await syncFile(partial)
      if ((await sha256(partial)) !== (await sha256(source))) throw new Error('the copy differs from the backup')
    }
    await rename(partial, target)
    syncFolder(dirname(target))
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}
