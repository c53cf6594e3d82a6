import { BACKUP_REASON_LABELS, type BackupNotCleaned, type BackupReason } from '@contract/backups'
import { formatDateTime } from '@/ui/format/dates'
import { formatNumber, numberFormat } from '@/ui/format/locale'

/** 1,091.2 MB, 840 KB: sizes as people read them, in the store's locale. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`
  return `${numberFormat({ maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`
}

export const reasonLabel = (reason: BackupReason) => BACKUP_REASON_LABELS[reason]

export const count = (n: number | null) => (n === null ? '–' : formatNumber(n))

/** "Backup of 2 Dec 2026, 10:12: There was no room on the disk to clean it, so it was removed…" */
export function notCleanedLine(backup: BackupNotCleaned): string {
  return `${backup.takenAt ? `Backup of ${formatDateTime(backup.takenAt)}` : backup.name}: ${backup.reason}.`
}
