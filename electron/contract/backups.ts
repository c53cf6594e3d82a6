import { z } from 'zod'
import { command } from './define'
import { empty } from './fields'

/** Why a backup was taken; part of its file name. */
export const BACKUP_REASONS = ['daily', 'manual', 'before-migration', 'before-restore'] as const
export type BackupReason = (typeof BACKUP_REASONS)[number]

export const BACKUP_REASON_LABELS: Record<BackupReason, string> = {
  daily: 'Daily',
  manual: 'Backed up by hand',
  'before-migration': 'Before an update',
  'before-restore': 'Before a restore',
}

/** A backup in the backups folder, as the list shows it. */
export const backupEntrySchema = z.object({
  name: z.string(),
  takenAt: z.string(),
  reason: z.enum(BACKUP_REASONS),
  bytes: z.number(),
  storeName: z.string().nullable(),
  customers: z.number().nullable(),
  receipts: z.number().nullable(),
  /** Opened and checked (integrity, schema, row counts) right after it was written. */
  verified: z.boolean(),
})
export type BackupEntry = z.infer<typeof backupEntrySchema>

/**
 * A file of the backups folder an erase could not clean of the erased customers: removed (no
 * room on the disk to clean it, or damaged: it may not keep them), or kept to be cleaned later
 * (another program had it open…). `reason` says which and why, for the user.
 */
export const backupNotCleanedSchema = z.object({
  name: z.string(),
  /** When the backup was taken (from its name); null for a file of another name. */
  takenAt: z.string().nullable(),
  removed: z.boolean(),
  reason: z.string(),
})
export type BackupNotCleaned = z.infer<typeof backupNotCleanedSchema>

/**
 * The hub a backup's store was linked to when it was taken: where (server and port) and as which
 * store, never the role it signed in as nor its password. `keptOnThisPc` is true when this PC is
 * that store, linked to that same hub, so the restore keeps the link; otherwise the restored store
 * is not linked (carry-link.ts) and must join the hub again before it rings sales.
 */
export const backupHubLinkSchema = z.object({
  host: z.string().max(253),
  port: z.number().int().min(1).max(65535),
  storeName: z.string().max(120),
  keptOnThisPc: z.boolean(),
})
export type BackupHubLink = z.infer<typeof backupHubLinkSchema>

/** What a backup holds, shown before it replaces the store's data. */
export const backupPreviewSchema = z.object({
  takenAt: z.string().nullable(),
  storeName: z.string().nullable(),
  customers: z.number(),
  receipts: z.number(),
  bytes: z.number(),
  encrypted: z.boolean(),
  /** Null when the copy was not linked to a hub. */
  hubLink: backupHubLinkSchema.nullable(),
})
export type BackupPreview = z.infer<typeof backupPreviewSchema>

const currentDataSchema = z.object({ storeName: z.string().nullable(), customers: z.number(), receipts: z.number() })

/**
 * Whose data a backup is, against this PC: this store's, another store's (restoring it makes
 * this PC that store, so it needs the owner's explicit confirmation), or this PC has no store
 * set up yet (nothing of its own to lose).
 */
export const backupBelongsToSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('this-store') }),
  z.object({ kind: z.literal('another-store'), backupStore: z.string(), thisStore: z.string() }),
  z.object({ kind: z.literal('new-pc') }),
])
export type BackupBelongsTo = z.infer<typeof backupBelongsToSchema>

/**
 * "of Harbour Street, not of Corner Shop"; two stores of the same name are told apart by saying
 * so, not by naming one name twice.
 */
export function otherStorePhrase(backupStore: string, thisStore: string): string {
  return backupStore === thisStore ? `of another store also named ${thisStore}` : `of ${backupStore}, not of ${thisStore}`
}

/** The longest folder path the copy folder may have (Windows' long paths stay well below it). */
export const COPY_FOLDER_MAX = 1000

/**
 * "Also keep a copy of each automatic backup in another folder" (a USB stick, a network share, a
 * cloud-synced folder): where, the last good copy, and the last failure while copies fail. Local
 * to this PC: a folder path means nothing at another store.
 */
export const backupCopySchema = z.object({
  folder: z.string().max(COPY_FOLDER_MAX),
  /** The folder inside it that holds this PC's copies (`Backroom backups – <store> – <id>`), whole. */
  copiesIn: z.string().max(COPY_FOLDER_MAX + 200),
  /** The last backup copied there and verified. */
  lastCopy: z.object({ at: z.string(), name: z.string() }).nullable(),
  /**
   * The last copy that failed, until one succeeds; `since`: the first failure after the last good
   * copy (backups made since are only on this PC).
   */
  failure: z.object({ at: z.string(), message: z.string(), since: z.string() }).nullable(),
  /**
   * Customers were erased while the folder could not be reached (`since`: the first such erase):
   * the copies there still hold them until the next copy, which cleans them first.
   */
  scrubOwed: z.object({ since: z.string() }).nullable(),
  /**
   * The folder is on the same disk as the store's data (as found when it was chosen and at each
   * copy): allowed, but the copies would not survive that disk failing, and the screen says so.
   */
  sameDisk: z.boolean(),
})
export type BackupCopy = z.infer<typeof backupCopySchema>

/** Optional: '' saves the copy unencrypted. */
export const passphrase = z
  .string({ message: 'Passphrase must be text' })
  .max(200, 'Passphrase is at most 200 characters')
  .refine((value) => value === '' || value.length >= 8, 'Use at least 8 characters, or leave it empty')

/** A backup in the backups folder by its name, or the file the user picked (by the id backups:pickFile gave). */
export const backupSourceSchema = z.strictObject({
  source: z.enum(['backups-folder', 'picked-file'], { message: 'Choose a backup' }),
  name: z.string({ message: 'Choose a backup' }).min(1, 'Choose a backup').max(120, 'Not a backup of this list'),
  passphrase: z.string({ message: 'Passphrase must be text' }).max(200, 'Passphrase is at most 200 characters'),
})

export const backupsCommands = {
  'backups:list': command({
    input: empty,
    output: z.object({
      folder: z.string(),
      backups: z.array(backupEntrySchema),
      /** The last automatic or manual backup that could not be written or did not verify, until one succeeds. */
      lastFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
      /** Backups the last erase (here or from another store) could not clean, until they are cleaned or another erase cleans all. */
      eraseNotice: z.object({ at: z.string(), notCleaned: z.array(backupNotCleanedSchema) }).nullable(),
      /** The folder each backup is also copied to; null when none is chosen. */
      copy: backupCopySchema.nullable(),
    }),
    access: 'manage_backups',
  }),
  /** Opens the folder dialog; the folder chosen is checked in main and kept (this PC only). */
  'backups:chooseCopyFolder': command({
    input: empty,
    output: z.object({
      /** False when the user closed the dialog: nothing changed. */
      chosen: z.boolean(),
      copy: backupCopySchema.nullable(),
    }),
    access: 'manage_backups',
  }),
  'backups:stopCopying': command({
    input: empty,
    output: z.object({ copy: z.null() }),
    access: 'manage_backups',
  }),
  'backups:create': command({
    input: z.strictObject({
      destination: z.enum(['folder', 'file'], { message: 'Choose where to save the backup' }),
      passphrase,
    }),
    output: z.object({
      /** False when the user closed the file dialog: nothing was written. */
      saved: z.boolean(),
      backup: backupEntrySchema.nullable(),
      /** Where the copy was written, when saved to a file. */
      file: z.string().nullable(),
    }),
    access: 'manage_backups',
  }),
  // Public, as setup is: on a new PC, a backup is restored before anyone exists to sign in.
  // Once the store is set up, the handlers ask for manage_backups.
  'backups:pickFile': command({
    input: empty,
    output: z.object({ file: z.object({ id: z.string(), fileName: z.string(), bytes: z.number(), encrypted: z.boolean() }).nullable() }),
    access: 'public',
  }),
  'backups:inspect': command({
    input: backupSourceSchema,
    output: z.object({ backup: backupPreviewSchema, current: currentDataSchema.nullable(), belongsTo: backupBelongsToSchema }),
    access: 'public',
  }),
  'backups:restore': command({
    input: backupSourceSchema.extend({
      /**
       * The owner ticked "Make this PC <the backup's store>": without it, another store's backup
       * is refused (main checks it; the renderer only disables the button).
       */
      makeThisPcTheBackupStore: z.boolean({ message: 'Confirm whether this PC becomes the store of the backup' }).default(false),
    }),
    output: z.object({ restored: backupPreviewSchema, safetyBackup: backupEntrySchema.nullable() }),
    access: 'public',
  }),
}
