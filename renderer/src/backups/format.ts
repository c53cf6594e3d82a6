import { BACKUP_REASON_LABELS, type BackupHubLink, type BackupNotCleaned, type BackupReason } from '@contract/backups'
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

/**
 * What a restore of a copy linked to a hub asks of the owner, when this PC will not keep that
 * link (carry-link.ts): said in the preview and again after the restore. Null when there is
 * nothing to do (the copy was not linked, or this PC is that store on that same hub).
 */
export function rejoinHubNotice(link: BackupHubLink | null): string | null {
  if (!link || link.keptOnThisPc) return null
  return `This copy was linked to the hub at ${link.host} as ${link.storeName}. After the restore, join the hub again (Settings → Sync) before ringing sales.`
}
