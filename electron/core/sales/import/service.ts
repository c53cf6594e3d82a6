import type { Knex } from 'knex'
import type { ParsedInput } from '../../../contract'
import { MAX_RECEIPT_IMPORT_BYTES, MAX_RECEIPT_IMPORT_LINES } from '../../../contract/receipt-imports'
import { PERMISSION_LABELS } from '../../../contract/permissions'
import { requireStoreId, type CommandContext } from '../../context'
import { AppError } from '../../errors'
import { newId } from '../../ids'
import { ImportJobs } from '../../imports/job'
import { readImportFile, type FileLimits, type ReadFile } from '../../imports/read-file'
import { reportCsv, saveImportReport } from '../../imports/report'
import { findColumns } from './columns'
import { ReceiptImportJob } from './job'

const RECEIPT_FILE: FileLimits = { rowsAre: 'receipt lines', maxBytes: MAX_RECEIPT_IMPORT_BYTES, maxRows: MAX_RECEIPT_IMPORT_LINES }

/** The receipt imports in progress, per open database: one per session (a new file replaces the last). */
const jobs = new ImportJobs<ReceiptImportJob>()

export function receiptImportJobs(db: Knex): Map<string, ReceiptImportJob> {
  return jobs.all(db)
}

/** Closes every receipt import, a running check or save stopped first: after a restore, what was checked was checked against data that is gone. */
export function closeReceiptImports(db: Knex): Promise<void> {
  return jobs.close(db)
}

/** The file as the screen shows it. */
function fileOf(job: ReceiptImportJob) {
  const { fileName, rows, encoding, readAs, encodingChoice, format } = job.file
  return { id: job.id, fileName, rows: rows.length, encoding, readAs, encodingChoice, format }
}

async function opened(ctx: CommandContext, file: ReadFile) {
  findColumns(file.headers)
  return fileOf(await jobs.open(ctx, new ReceiptImportJob(newId(), ctx.sessionKey, file, ctx.log, ctx.importSliceDelayMs)))
}

export async function pickFile(ctx: CommandContext) {
  requireStoreId(ctx)
  // Before the dialog: the user learns it before choosing a file (open refuses it too).
  jobs.refuseWhileSaving(ctx)
  const path = await ctx.dialogs.chooseOpenFile({
    title: 'Choose a receipt file to import',
    filters: [
      { name: 'Receipts (CSV, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: 'All files', extensions: ['*'] },
    ],
  })
  if (!path) return { file: null }
  return { file: await opened(ctx, await readImportFile(path, undefined, RECEIPT_FILE)) }
}

/** The picked file read again with the user's encoding, as a new import; refused while the last works (it would be stopped). */
export async function readAs(ctx: CommandContext, input: ParsedInput<'receiptImports:readAs'>) {
  const old = jobs.find(ctx, input.id)
  if (old.busy) throw new AppError('CONFLICT', 'This import is still working: wait for it or cancel it')
  return { file: await opened(ctx, await readImportFile(old.file.path, input.encoding, RECEIPT_FILE)) }
}

/** Points by the store's rule come with no manager's PIN: only a user who may adjust points awards them from a file. */
function refusePointsNotAllowed(ctx: CommandContext, awardPoints: boolean): void {
  if (awardPoints && !(ctx.user?.permissions ?? []).includes('adjust_loyalty')) {
    throw new AppError('FORBIDDEN', `Awarding loyalty points needs the “${PERMISSION_LABELS.adjust_loyalty}” permission: untick it, or ask an owner`, {
      fields: { awardPoints: 'Not allowed' },
    })
  }
}

export async function check(ctx: CommandContext, input: ParsedInput<'receiptImports:check'>) {
  const job = jobs.find(ctx, input.id)
  job.refuseWhileBusyOrSaved()
  refusePointsNotAllowed(ctx, input.awardPoints)
  job.startCheck(ctx, { dateOrder: input.dateOrder, awardPoints: input.awardPoints })
  return job.status()
}

export async function status(ctx: CommandContext, input: ParsedInput<'receiptImports:status'>) {
  return jobs.find(ctx, input.id).status()
}

/** The session's import still checking or saving, for the screen opened again: its bar and Cancel. */
export async function running(ctx: CommandContext) {
  const job = jobs.running(ctx)
  return { running: job ? { file: fileOf(job), status: job.status() } : null }
}

/**
 * Starts saving every receipt of the checked file in one transaction, checked again inside it: a
 * receipt saved or a customer changed since the preview is seen, and any error writes nothing.
 * The points permission is asked again here, of the user who saves.
 */
export async function commit(ctx: CommandContext, input: ParsedInput<'receiptImports:commit'>) {
  const job = jobs.find(ctx, input.id)
  if (job.busy) throw new AppError('CONFLICT', 'This import is still working: wait for it or cancel it')
  refusePointsNotAllowed(ctx, job.checked?.awardPoints ?? false)
  await job.startCommit(ctx)
  return job.status()
}

export async function cancel(ctx: CommandContext, input: ParsedInput<'receiptImports:cancel'>) {
  const job = jobs.find(ctx, input.id)
  await job.cancel()
  return job.status()
}

/** Writes every problem the last check found as CSV where the user chooses (the screen shows the first ones). */
export async function saveReport(ctx: CommandContext, input: ParsedInput<'receiptImports:saveReport'>) {
  const job = jobs.find(ctx, input.id)
  if (!job.issues || job.phase === 'checking') throw new AppError('CONFLICT', 'Check the file first: the report lists what the check found')
  return saveImportReport(ctx, job.file.fileName, reportCsv(job.issues, { error: 'Error', duplicate: 'Already imported', note: 'Note' }))
}
