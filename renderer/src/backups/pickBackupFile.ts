import { backroom, unwrap } from '@/api/client'
import type { RestoreSource } from './RestoreDialog.vue'

/** The file dialog (main's), for a backup saved elsewhere; null when the user cancels. */
export async function pickBackupFile(): Promise<RestoreSource | null> {
  const { file } = await unwrap(backroom().backups.pickFile({}))
  return file ? { source: 'picked-file', name: file.id, label: file.fileName, encrypted: file.encrypted } : null
}
