import type { Knex } from 'knex'
import type { ParsedInput } from '../../../contract'
import { MAX_RECEIPT_IMPORT_BYTES, MAX_RECEIPT_IMPORT_LINES } from '../../../contract/receipt-imports'
import type { ImportIssue } from '../../../contract/imports'
import { PERMISSION_LABELS } from '../../../contract/permissions'
import { requireStoreId, transact, type CommandContext } from '../../context'
import { AppError } from '../../errors'
import { newId } from '../../ids'
import { readImportFile, type FileLimits, type ReadFile } from '../../imports/read-file'
import { reportCsv, saveImportReport } from '../../imports/report'
import { loadStoreTerms } from '../../stores/terms'
import { checkReceiptFile } from './check'
import { findColumns } from './columns'
import { writeReceipts } from './write'

const RECEIPT_FILE: FileLimits = { rowsAre: 'receipt lines', maxBytes: MAX_RECEIPT_IMPORT_BYTES, maxRows: MAX_RECEIPT_IMPORT_LINES }

/** A picked file, held for the session that picked it until it picks another; nothing is written before the save. */
interface ReceiptImport {
  id: string
  sessionKey: string
  file: ReadFile
  /** What the last check was asked: the save checks again the same way. */
  checked: { dateOrder: 'auto' | 'mdy' | 'dmy'; awardPoints: boolean } | null
  /** Every problem the last check found, for the report; null before a check. */
  issues: ImportIssue[] | null
}

const importsOf = new WeakMap<Knex, Map<string, ReceiptImport>>()

function imports(db: Knex): Map<string, ReceiptImport> {
  let open = importsOf.get(db)
  if (!open) importsOf.set(db, (open = new Map()))
  return open
}

/** Forgets every picked file: after a restore, what was checked was checked against data that is gone. */
export function closeReceiptImports(db: Knex): void {
  imports(db).clear()
}

function importFor(ctx: CommandContext, id: string): ReceiptImport {
  const open = imports(ctx.db).get(id)
  if (!open || open.sessionKey !== ctx.sessionKey) throw new AppError('NOT_FOUND', 'This import is no longer open: choose the file again')
  return open
}

function opened(ctx: CommandContext, file: ReadFile) {
  findColumns(file.headers)
  const open = imports(ctx.db)
  for (const [id, old] of open) if (old.sessionKey === ctx.sessionKey) open.delete(id)
  const receiptImport: ReceiptImport = { id: newId(), sessionKey: ctx.sessionKey, file, checked: null, issues: null }
  open.set(receiptImport.id, receiptImport)
  const { fileName, rows, encoding, readAs, encodingChoice, format } = file
  return { id: receiptImport.id, fileName, rows: rows.length, encoding, readAs, encodingChoice, format }
}

export async function pickFile(ctx: CommandContext) {
  requireStoreId(ctx)
  const path = await ctx.dialogs.chooseOpenFile({
    title: 'Choose a receipt file to import',
    filters: [
      { name: 'Receipts (CSV, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: 'All files', extensions: ['*'] },
    ],
  })
  if (!path) return { file: null }
  return { file: opened(ctx, await readImportFile(path, undefined, RECEIPT_FILE)) }
}

export async function readAs(ctx: CommandContext, input: ParsedInput<'receiptImports:readAs'>) {
  const old = importFor(ctx, input.id)
  return { file: opened(ctx, await readImportFile(old.file.path, input.encoding, RECEIPT_FILE)) }
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
  const open = importFor(ctx, input.id)
  refusePointsNotAllowed(ctx, input.awardPoints)
  const terms = await loadStoreTerms(ctx.db, requireStoreId(ctx))
  const { summary, issues } = await checkReceiptFile(ctx.db, open.file, { terms, now: ctx.now(), dateOrder: input.dateOrder, awardPoints: input.awardPoints })
  open.issues = issues
  open.checked = summary.ambiguousDates.length || summary.errors ? null : { dateOrder: summary.dateOrder ?? 'auto', awardPoints: input.awardPoints }
  return summary
}

/**
 * Saves every receipt of the checked file in one transaction, checked again inside it: a receipt
 * saved or a customer changed since the preview is seen, and any error writes nothing.
 */
export async function commit(ctx: CommandContext, input: ParsedInput<'receiptImports:commit'>) {
  const open = importFor(ctx, input.id)
  const checked = open.checked
  if (!checked) throw new AppError('CONFLICT', 'Check the file first: it is imported only once the preview shows no error')
  refusePointsNotAllowed(ctx, checked.awardPoints)
  const storeId = requireStoreId(ctx)
  const result = await transact(ctx, storeId, async (w) => {
    const terms = await loadStoreTerms(w.trx, storeId)
    const { summary, plan } = await checkReceiptFile(w.trx, open.file, { terms, now: ctx.now(), ...checked })
    if (summary.errors > 0 || summary.ambiguousDates.length > 0) {
      throw new AppError('VALIDATION', `The file has ${summary.errors || 'new'} ${summary.errors === 1 ? 'error' : 'errors'} since it was checked: check it again. Nothing was imported.`)
    }
    const points = await writeReceipts(w, terms, plan, checked.awardPoints)
    return { imported: plan.length, alreadyImported: summary.alreadyImported, points }
  })
  // Saved: the rows are no longer needed, and a second save would find every receipt taken.
  open.checked = null
  return result
}

/** Writes every problem the last check found as CSV where the user chooses (the screen shows the first ones). */
export async function saveReport(ctx: CommandContext, input: ParsedInput<'receiptImports:saveReport'>) {
  const open = importFor(ctx, input.id)
  if (!open.issues) throw new AppError('CONFLICT', 'Check the file first: the report lists what the check found')
  return saveImportReport(ctx, open.file.fileName, reportCsv(open.issues, { error: 'Error', duplicate: 'Already imported', note: 'Note' }))
}
