import { BACKUP_REASON_LABELS, type BackupReason } from '@contract/backups'

/** 1,091.2 MB, 840 KB: sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString()} KB`
  return `${(bytes / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`
}

export const reasonLabel = (reason: BackupReason) => BACKUP_REASON_LABELS[reason]

export const count = (n: number | null) => (n === null ? '–' : n.toLocaleString())
