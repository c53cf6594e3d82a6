import { z } from 'zod'
import { CUSTOMER_FIELD_LABELS, flagReasonText } from './customers'
import { command } from './define'
import { id } from './fields'
import { MAX_POINTS_BALANCE } from './money/amount'

/**
 * Importing customers from a CSV or Excel file (PRODUCT §1.13): pick the file, map its columns,
 * check every row (a job the screen polls, with a Cancel), read the preview and the report,
 * then save all rows in one transaction, or nothing.
 */

/** Where a column of the file can go: a customer field, a way of reading one, Notes, or nowhere. */
export const IMPORT_TARGETS = [
  'ignore',
  'notes',
  'fullName',
  'firstName',
  'lastName',
  'nickname',
  'phone',
  'smsOptIn',
  'smsOptOut',
  'email',
  'emailOptIn',
  'emailOptOut',
  'gender',
  'dateOfBirth',
  'nationality',
  'anniversary',
  'gateCode',
  'idNumber',
  'customerType',
  'username',
  'loyaltyEnrolled',
  'loyaltyPoints',
  'giftCardNumber',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'zip',
  'country',
  'driversLicenseNumber',
  'driversLicenseState',
  'driversLicenseExpiry',
  'medicalNumber',
  'medicalExpiry',
  'createdAt',
  'flagged',
  'flagReason',
] as const
export type ImportTarget = (typeof IMPORT_TARGETS)[number]

/** A target that is a customer field is named as the customer form names it. */
const fieldLabels = Object.fromEntries(
  IMPORT_TARGETS.filter((target) => target in CUSTOMER_FIELD_LABELS).map((target) => [target, CUSTOMER_FIELD_LABELS[target as keyof typeof CUSTOMER_FIELD_LABELS]]),
) as Record<ImportTarget, string>

export const IMPORT_TARGET_LABELS: Record<ImportTarget, string> = {
  ...fieldLabels,
  ignore: 'Ignore this column',
  notes: 'Add to Notes',
  fullName: 'Full name (first and last)',
  smsOptOut: 'SMS opt-out (yes = no texts)',
  emailOptOut: 'Email opt-out (yes = no emails)',
  anniversary: 'Anniversary (first visit)',
  createdAt: 'Registered on',
  loyaltyPoints: 'Loyalty points',
  flagged: 'Flagged',
  flagReason: 'Flag reason',
}

/**
 * What the old system knew about a customer beyond the form's fields, saved as this app's own
 * history: an opening balance (one loyalty entry) and a flag (one flag event). A balance is a
 * balance: a whole number from 0 to what one may hold; the reason as the flag's own rule.
 */
export const importedPointsSchema = z
  .number()
  .int('Loyalty points are whole points')
  .min(0, 'Loyalty points cannot be below zero')
  .max(MAX_POINTS_BALANCE, `A balance holds at most ${MAX_POINTS_BALANCE.toLocaleString('en')} points`)
export const importedFlagReasonSchema = flagReasonText('Flag reason')

/** The reason of an imported balance's loyalty entry, as the history shows it. */
export const OPENING_BALANCE_REASON = 'Opening balance from import'

/** How dates like 03/04/1985 are read: the file's own values decide, or the user when they cannot. */
export const DATE_ORDERS = ['auto', 'mdy', 'dmy'] as const
export type DateOrder = (typeof DATE_ORDERS)[number]

/** At most this many columns in a file; a customer export has a few dozen. */
export const MAX_IMPORT_COLUMNS = 200

const jobId = id

/**
 * The encodings a CSV can be read with when the one found is not right: the code pages Excel and
 * the usual POS systems write, besides UTF-8. A choice is one of these, checked at the boundary:
 * no name from the screen reaches the decoder.
 */
export const IMPORT_ENCODINGS = ['utf-8', 'windows-1252', 'windows-1250', 'windows-1251', 'windows-1253', 'windows-1254', 'iso-8859-1', 'shift_jis', 'gb18030', 'big5', 'euc-kr'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

export const IMPORT_ENCODING_LABELS: Record<ImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western)',
  'windows-1250': 'Windows-1250 (Central European)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  'windows-1253': 'Windows-1253 (Greek)',
  'windows-1254': 'Windows-1254 (Turkish)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
  shift_jis: 'Shift_JIS (Japanese)',
  gb18030: 'GBK/GB18030 (Chinese, simplified)',
  big5: 'Big5 (Chinese, traditional)',
  'euc-kr': 'EUC-KR (Korean)',
}

export const importFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** Rows of customers (the header line not counted). */
  rows: z.number(),
  headers: z.array(z.string()),
  /** What the columns were matched to at first; the user may change every one. */
  mapping: z.array(z.enum(IMPORT_TARGETS)),
  /** The first rows as read, per column, so the user sees what a column holds. */
  samples: z.array(z.array(z.string())),
  /** The system whose export this looks like ("Shopify"), or null for a plain spreadsheet. */
  system: z.string().nullable(),
  /** What the text was read as, named as the decoder names it ("UTF-8 (with BOM)", "UTF-16", "KOI8-R"). */
  encoding: z.string(),
  /** The listed encoding the text was read with; null when it was read otherwise (UTF-16, a code page not listed) or is a workbook. */
  readAs: z.enum(IMPORT_ENCODINGS).nullable(),
  /** Whether the file may be read again with another encoding: a CSV not in UTF-16 (a workbook and UTF-16 say theirs outright). */
  encodingChoice: z.boolean(),
  /** 'comma', 'semicolon', 'tab', or 'Excel workbook'. */
  format: z.string(),
})
export type ImportFile = z.infer<typeof importFileSchema>

/** One problem of one row, as the report lists it: the row number is the one the spreadsheet shows. */
export const importIssueSchema = z.object({
  row: z.number(),
  kind: z.enum(['error', 'duplicate', 'note']),
  field: z.string(),
  value: z.string(),
  message: z.string(),
})
export type ImportIssue = z.infer<typeof importIssueSchema>

/** A row as it will be saved, for the preview table. */
export const importPreviewRowSchema = z.object({
  row: z.number(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string(),
  email: z.string(),
  dateOfBirth: z.string(),
  city: z.string(),
  zip: z.string(),
  emailOptIn: z.boolean(),
  notes: z.string(),
  /** The opening balance (0 when none). */
  loyaltyPoints: z.number(),
  /** The flag's reason when the row flags the customer, else null. */
  flagReason: z.string().nullable(),
  ok: z.boolean(),
  /** Shares a phone, email or name and birth date with an earlier row or a saved customer. */
  duplicate: z.boolean(),
})
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>

/** Where an import stands: read, then checking (in the background) and checked, then saving and saved; or stopped. */
export const IMPORT_PHASES = ['read', 'checking', 'checked', 'needs-date-order', 'saving', 'saved', 'cancelled', 'failed'] as const
export type ImportPhase = (typeof IMPORT_PHASES)[number]

export const importStatusSchema = z.object({
  id: z.string(),
  phase: z.enum(IMPORT_PHASES),
  done: z.number(),
  total: z.number(),
  /** Filled once checked. */
  summary: z
    .object({
      rows: z.number(),
      valid: z.number(),
      withErrors: z.number(),
      duplicates: z.number(),
      preview: z.array(importPreviewRowSchema),
      /** The first issues; the downloadable report holds every one. */
      issues: z.array(importIssueSchema),
      issueCount: z.number(),
      /** Dates the file writes both ways (03/04/1985): how the user wants them read. */
      ambiguousDates: z.array(z.string()),
      dateOrder: z.enum(['mdy', 'dmy']).nullable(),
    })
    .nullable(),
  saved: z.number().nullable(),
  failure: z.string().nullable(),
})
export type ImportStatus = z.infer<typeof importStatusSchema>

export const importsCommands = {
  /** Opens the file dialog and reads the chosen CSV or Excel file; null when the user cancels. Refused while the session's last file is saving. */
  'imports:pickFile': command({
    input: z.strictObject({}),
    output: z.object({ file: importFileSchema.nullable() }),
    access: 'import_customers',
  }),
  /**
   * Reads the picked CSV again with the encoding the user chose, when the one found garbles it
   * ("Ïåòðîâ" for "Петров"): a new import of the file (new id, mapping suggested again, nothing
   * checked yet) replaces the old, so what is checked and saved is what the screen then shows.
   */
  'imports:readAs': command({
    input: z.strictObject({ id: jobId, encoding: z.enum(IMPORT_ENCODINGS, { message: 'Choose one of the listed encodings' }) }),
    output: z.object({ file: importFileSchema }),
    access: 'import_customers',
  }),
  /** Starts checking every row with this mapping; poll imports:status. */
  'imports:check': command({
    input: z.strictObject({
      id: jobId,
      mapping: z.array(z.enum(IMPORT_TARGETS, { message: 'Choose where this column goes' })).min(1).max(MAX_IMPORT_COLUMNS),
      dateOrder: z.enum(DATE_ORDERS).default('auto'),
    }),
    output: importStatusSchema,
    access: 'import_customers',
  }),
  'imports:status': command({ input: z.strictObject({ id: jobId }), output: importStatusSchema, access: 'import_customers', activity: false, fromMemory: true }),
  /**
   * The session's import still checking or saving, for the screen opened again (its progress bar
   * and Cancel); null when none runs. The file as imports:pickFile answered it, with the mapping
   * of its check. Answered from memory.
   */
  'imports:running': command({
    input: z.strictObject({}),
    output: z.object({ running: z.object({ file: importFileSchema, status: importStatusSchema }).nullable() }),
    access: 'import_customers',
    activity: false,
    fromMemory: true,
  }),
  /** Saves the checked rows in one transaction; poll imports:status. Once per check: a second commit is refused until the file is checked again. */
  'imports:commit': command({
    input: z.strictObject({
      id: jobId,
      /** Rows with errors are left out only when the user says so; otherwise a file with errors is refused. */
      leaveOutBadRows: z.boolean().default(false),
      /** Rows that look like a customer already saved (or an earlier row) are left out. */
      leaveOutDuplicates: z.boolean().default(false),
    }),
    output: importStatusSchema,
    access: 'import_customers',
  }),
  /** Stops checking or saving; nothing of the import is kept. */
  'imports:cancel': command({ input: z.strictObject({ id: jobId }), output: importStatusSchema, access: 'import_customers', fromMemory: true }),
  /** Writes every error and likely duplicate as CSV where the user chooses; false when they cancel. */
  'imports:saveReport': command({
    input: z.strictObject({ id: jobId }),
    output: z.object({ saved: z.boolean(), file: z.string().nullable() }),
    access: 'import_customers',
  }),
}
