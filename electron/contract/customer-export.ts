import { z } from 'zod'
import { searchInputSchema } from './customers'
import { command } from './define'
import { refineCustomRange } from './period'

/** The formats a customer list can be saved as (PRODUCT §1.12). */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (opens in Excel and any spreadsheet)',
  xlsx: 'Excel workbook (.xlsx)',
  pdf: 'PDF (to print or send)',
}

/** The list's own filters, taken from the search command so the export holds exactly the rows the list shows. */
const { after: _after, limit: _limit, ...listFilters } = searchInputSchema.shape

export const exportStartInputSchema = refineCustomRange(
  z.strictObject({
    ...listFilters,
    format: z.enum(EXPORT_FORMATS, { message: 'Choose CSV, Excel or PDF' }),
  }),
)
export type ExportStartInput = z.input<typeof exportStartInputSchema>

/** An export job's id as exportStart gave it (random, not guessable: a job belongs to its session). */
const jobId = z
  .string({ message: 'Not an export of this session' })
  .max(64, 'Not an export of this session')
  .regex(/^[A-Za-z0-9_-]+$/, 'Not an export of this session')
const byJob = z.strictObject({ jobId })

export const EXPORT_STATES = ['running', 'done', 'cancelled', 'failed'] as const

export const exportProgressSchema = z.object({
  jobId: z.string(),
  state: z.enum(EXPORT_STATES),
  format: z.enum(EXPORT_FORMATS),
  /** Rows written so far, and how many the list held when the export started. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** "Customer Report 2026-12-02 15-12.csv" */
  fileName: z.string(),
  /** Where it was saved; set once the export is done (a partial file never exists under this name). */
  file: z.string().nullable(),
  /** Why it failed, said so the user can act on it (disk full, folder not writable). */
  error: z.string().nullable(),
})
export type ExportProgress = z.infer<typeof exportProgressSchema>

export const customerExportCommands = {
  /**
   * Asks where to save (the desktop's save dialog; a download in the browser host) and starts
   * writing the list as filtered and searched. Answers at once: `job` is null when the user
   * cancelled the dialog; the renderer polls exportProgress for the rest.
   */
  'customers:exportStart': command({
    input: exportStartInputSchema,
    output: z.object({ job: exportProgressSchema.nullable() }),
    access: 'export_data',
  }),
  'customers:exportProgress': command({ input: byJob, output: exportProgressSchema, access: 'export_data', activity: false }),
  /** Stops the export at once and removes what it had written; answers once the file is gone. */
  'customers:exportCancel': command({ input: byJob, output: exportProgressSchema, access: 'export_data' }),
}
