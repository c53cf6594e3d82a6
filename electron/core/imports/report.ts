import { writeFile } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'
import type { ImportIssue } from '../../contract/imports'
import type { CommandContext } from '../context'
import { errorCode, isDiskFull } from '../backups/failures'
import { AppError } from '../errors'

const KIND_LABELS: Record<ImportIssue['kind'], string> = { error: 'Error', duplicate: 'Likely duplicate', note: 'Note' }

/** A value a spreadsheet would run as a formula is written as text. */
const asText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** Every problem an import's check found, one CSV row each (the customer and the receipt imports alike). */
export function reportCsv(issues: readonly ImportIssue[], kindLabels: Record<ImportIssue['kind'], string> = KIND_LABELS): string {
  return stringify([
    ['Row', 'Kind', 'Field', 'Value', 'Problem'],
    ...issues.map((i) => [String(i.row), kindLabels[i.kind], i.field, asText(i.value), asText(i.message)]),
  ])
}

/**
 * The chosen place refused the report: a folder's name, a folder gone since the dialog (a USB
 * stick pulled out), read-only, a file open in another program, a full disk. It was INTERNAL.
 */
function reportNotWritten(error: unknown): AppError {
  if (isDiskFull(error)) return new AppError('DISK_FULL', 'The disk is full: the report was not saved. Free some space, or choose another place.')
  const code = errorCode(error)
  return new AppError(
    'READ_ONLY',
    `The report could not be saved there${code ? ` (${code})` : ''}: the folder may be gone or read-only, the name may be a folder's, or a file of that name may be open in another program. Choose another place.`,
  )
}

/** Asks where, then writes the report there; `saved: false` when the user cancels the dialog. */
export async function saveImportReport(ctx: CommandContext, fileName: string, csv: string): Promise<{ saved: boolean; file: string | null }> {
  const base = fileName.replace(/\.[^.]+$/, '')
  const path = await ctx.dialogs.chooseSaveFile({
    title: 'Save the import report',
    defaultName: `Import report ${base}.csv`,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  })
  if (!path) return { saved: false, file: null }
  try {
    // With a byte-order mark, Excel reads the accents right.
    await writeFile(path, `\ufeff${csv}`)
  } catch (error) {
    throw reportNotWritten(error)
  }
  return { saved: true, file: path }
}
