import { z } from 'zod'
import { command } from './define'
import { id } from './fields'
import { DATE_ORDERS, IMPORT_ENCODINGS, IMPORT_PHASES, importIssueSchema } from './imports'

/**
 * Importing receipts from the register's CSV or Excel export (PRODUCT §4.1): one row per receipt
 * line, rows with the same receipt number are one receipt. Pick the file, check it (a job the
 * screen polls, with a Cancel), read the preview and the errors, then save every receipt in one
 * transaction (polled and cancellable too), or none. Receipt numbers the store
 * already has are skipped ("already imported"), so the same file imported twice adds nothing.
 */

/** At most this many lines in a file (a year of a busy register); larger files are split. */
export const MAX_RECEIPT_IMPORT_LINES = 200_000
/** A register export of that many lines is a few dozen MB. */
export const MAX_RECEIPT_IMPORT_BYTES = 100 * 1024 ** 2

export const receiptImportFileSchema = z.object({
  id,
  fileName: z.string(),
  /** Lines of the file (the header not counted). */
  rows: z.number(),
  /** What the text was read as ("UTF-8", "Windows-1252"…), as the customer import says it. */
  encoding: z.string(),
  readAs: z.enum(IMPORT_ENCODINGS).nullable(),
  encodingChoice: z.boolean(),
  format: z.string(),
})
export type ReceiptImportFile = z.infer<typeof receiptImportFileSchema>

/** One receipt as it will be saved, for the preview. */
export const receiptImportPreviewSchema = z.object({
  /** The file's first row of this receipt. */
  row: z.number(),
  number: z.string(),
  /** UTC ISO time. */
  createdAt: z.string(),
  /** The customer's name, or null for a walk-in. */
  customer: z.string().nullable(),
  lines: z.number(),
  totalMinor: z.number(),
  /** Points it earns when points are awarded (0 otherwise). */
  points: z.number(),
})

export const receiptImportSummarySchema = z.object({
  /** The file's dates are written both ways (03/04/2026): the user says how to read them. */
  ambiguousDates: z.array(z.string()),
  dateOrder: z.enum(['mdy', 'dmy']).nullable(),
  /** Receipts to import (already imported ones not counted). */
  receipts: z.number(),
  lines: z.number(),
  totalMinor: z.number(),
  currency: z.string(),
  /** Receipts to import that name a customer the store has. */
  customersMatched: z.number(),
  walkIns: z.number(),
  alreadyImported: z.number(),
  /** Points the import awards (0 when points are not awarded). */
  points: z.number(),
  awardPoints: z.boolean(),
  preview: z.array(receiptImportPreviewSchema),
  /** The first issues (every error, then the receipts already imported); issueCount counts all. */
  issues: z.array(importIssueSchema),
  issueCount: z.number(),
  errors: z.number(),
})
export type ReceiptImportSummary = z.infer<typeof receiptImportSummarySchema>

export const receiptImportResultSchema = z.object({ imported: z.number(), alreadyImported: z.number(), points: z.number() })
export type ReceiptImportResult = z.infer<typeof receiptImportResultSchema>

/** Where the import stands, as receiptImports:status answers it while the screen polls. */
export const receiptImportStatusSchema = z.object({
  id: z.string(),
  /** needs-date-order: the summary's ambiguousDates say which dates, and the file is checked again with the order chosen. */
  phase: z.enum(IMPORT_PHASES),
  /** What done and total count: the file's lines while they are read (the check, and the save's check again), then the receipts written. */
  counting: z.enum(['lines', 'receipts']),
  done: z.number(),
  total: z.number(),
  /** The last check's preview; null while checking and before a check. */
  summary: receiptImportSummarySchema.nullable(),
  /** Once saved. */
  result: receiptImportResultSchema.nullable(),
  /** Why the save (or check) failed: nothing was imported. */
  failure: z.string().nullable(),
})
export type ReceiptImportStatus = z.infer<typeof receiptImportStatusSchema>

export const receiptImportsCommands = {
  /** Opens the file dialog and reads the chosen file; null when the user cancels. Refused while the session's last file is saving. */
  'receiptImports:pickFile': command({
    input: z.strictObject({}),
    output: z.object({ file: receiptImportFileSchema.nullable() }),
    access: 'import_customers',
  }),
  /** Reads the picked CSV again with the encoding the user chose: a new import of it. */
  'receiptImports:readAs': command({
    input: z.strictObject({ id, encoding: z.enum(IMPORT_ENCODINGS, { message: 'Choose one of the listed encodings' }) }),
    output: z.object({ file: receiptImportFileSchema }),
    access: 'import_customers',
  }),
  /**
   * Starts checking every line (nothing is written); poll receiptImports:status for the preview.
   * Points by the store's rule only when asked (past receipts usually had theirs), and then only
   * for a user who may adjust loyalty points.
   */
  'receiptImports:check': command({
    input: z.strictObject({ id, dateOrder: z.enum(DATE_ORDERS).default('auto'), awardPoints: z.boolean().default(false) }),
    output: receiptImportStatusSchema,
    access: 'import_customers',
  }),
  /** How far the check or the save has got, and what it found. A poll: not use of the desk. */
  'receiptImports:status': command({
    input: z.strictObject({ id }),
    output: receiptImportStatusSchema,
    access: 'import_customers',
    activity: false,
    fromMemory: true,
  }),
  /**
   * The session's import still checking or saving, for the screen opened again (its progress bar
   * and Cancel); null when none runs. Answered from memory, during a save too.
   */
  'receiptImports:running': command({
    input: z.strictObject({}),
    output: z.object({ running: z.object({ file: receiptImportFileSchema, status: receiptImportStatusSchema }).nullable() }),
    access: 'import_customers',
    activity: false,
    fromMemory: true,
  }),
  /**
   * Starts saving the checked receipts in one transaction (the check is run again inside it:
   * nothing changes between the preview and the save unseen); poll receiptImports:status.
   * Refused while the file has errors. Once per file by nature: receipts already in the store are skipped.
   */
  'receiptImports:commit': command({
    input: z.strictObject({ id }),
    output: receiptImportStatusSchema,
    access: 'import_customers',
  }),
  /** Stops the check or the save; a save stopped writes nothing (its transaction is rolled back). */
  'receiptImports:cancel': command({ input: z.strictObject({ id }), output: receiptImportStatusSchema, access: 'import_customers', fromMemory: true }),
  /** Writes every problem of the last check as CSV where the user chooses; false when they cancel. */
  'receiptImports:saveReport': command({
    input: z.strictObject({ id }),
    output: z.object({ saved: z.boolean(), file: z.string().nullable() }),
    access: 'import_customers',
  }),
}
