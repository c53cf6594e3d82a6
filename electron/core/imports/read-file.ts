import { open, stat } from 'node:fs/promises'
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { MAX_IMPORT_COLUMNS, type ImportEncoding, type ImportIssue } from '../../contract/imports'
import { AppError } from '../errors'
import { decodeAs, decodeText, utf16Of } from './decode'
import { detectSeparator, readCsv, SEPARATOR_LABELS } from './read-csv'
import { readXlsx } from './read-xlsx'

/** What one kind of import reads: what its rows are called in the messages, and how many bytes and rows it takes. */
export interface FileLimits {
  rowsAre: string
  maxBytes: number
  maxRows: number
}

/** Larger than any customer export (1,000,000 customers as CSV is about 150 MB). */
export const MAX_ROWS = 1_000_000
export const CUSTOMER_FILE: FileLimits = { rowsAre: 'customers', maxBytes: 300 * 1024 ** 2, maxRows: MAX_ROWS }

export interface ReadFile {
  /** Where it was picked, to read it again with another encoding. */
  path: string
  fileName: string
  headers: string[]
  rows: { cells: string[]; line: number }[]
  encoding: string
  /** The listed encoding it was read with (DecodedText.readAs); null for a workbook. */
  readAs: ImportEncoding | null
  /** A CSV not in UTF-16: the user may read it with another encoding. */
  encodingChoice: boolean
  format: string
  /**
   * What the reading itself found, as notes for the preview and the report, in row order: rows
   * left out as no customer (the header again), values past the last column, formulas without
   * their values.
   */
  skipped: ImportIssue[]
}

const unreadable = (why: string) => new AppError('VALIDATION', `This file cannot be imported: ${why}`, { fields: { file: why } })

const couldNotOpen = () => unreadable('it could not be opened')

/** A workbook and UTF-16 text say their characters outright: no encoding reads them otherwise. */
const noEncodingToChoose = (what: string) =>
  new AppError('VALIDATION', `This file is ${what}: it reads the same whatever the encoding, so there is none to choose`, { fields: { encoding: 'None to choose' } })

/** A header cell as the import names its column: no byte-order mark or spaces around it, "Column 3" when empty. */
const headerName = (cell: string, column: number) => cell.replace(/^\ufeff/, '').trim() || `Column ${column + 1}`

/**
 * Whether a row is the header again, as in two exports pasted one after the other: its cells,
 * named as the header's are, are the headers (empty cells past the header's last do not count).
 */
function repeatsHeader(cells: readonly string[], headers: readonly string[]): boolean {
  if (cells.length > headers.length && cells.slice(headers.length).some((cell) => cell.trim() !== '')) return false
  return headers.every((name, column) => headerName(cells[column] ?? '', column) === name)
}

/**
 * The values of a row past the header's last column: no column to map them to, so nothing
 * imports them, and they were dropped without a word (often an address with a comma nobody
 * quoted, which pushes the rest of the row one column on). Empty cells there are no loss.
 */
function pastLastColumn(cells: readonly string[], columns: number): string[] {
  return cells.slice(columns).filter((cell) => cell.trim() !== '')
}

/**
 * The file's bytes read by `read`, or the typed "could not be opened" when the system refuses:
 * a folder picked as a file, a file deleted or locked (by Excel, on Windows) since the dialog.
 */
async function readOrRefuse<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch {
    throw couldNotOpen()
  }
}

async function startsWithZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
  } finally {
    await handle.close()
  }
}

/**
 * A CSV (any common encoding and separator) or .xlsx file as a header and rows of text cells.
 * `encoding`, the user's choice, reads a CSV with that encoding instead of the one found; a
 * workbook or UTF-16 text has none to choose.
 */
export async function readImportFile(path: string, encoding?: ImportEncoding, limits: FileLimits = CUSTOMER_FILE): Promise<ReadFile> {
  const fileName = basename(path)
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    throw couldNotOpen()
  }
  if (size > limits.maxBytes) throw unreadable(`it is larger than ${Math.round(limits.maxBytes / 1024 ** 2)} MB`)
  if (size === 0) throw unreadable('it is empty')
  const extension = extname(fileName).toLowerCase()
  if (extension === '.xls' || extension === '.numbers' || extension === '.ods') {
    throw unreadable('save it from your spreadsheet as CSV or Excel workbook (.xlsx) first')
  }
  let records: { cells: string[]; line: number }[]
  const notes: ImportIssue[] = []
  let decoded: { encoding: string; readAs: ImportEncoding | null } = { encoding: 'UTF-8', readAs: null }
  let encodingChoice = false
  let format: string
  if (await readOrRefuse(() => startsWithZip(path))) {
    if (encoding) throw noEncodingToChoose('an Excel workbook')
    try {
      records = await readXlsx(path, notes)
    } catch {
      throw unreadable('it is not an Excel workbook this import can read')
    }
    format = 'Excel workbook'
  } else {
    const bytes = await readOrRefuse(() => readFile(path))
    const utf16 = utf16Of(bytes)
    if (bytes.subarray(0, 8192).includes(0) && !utf16) throw unreadable('it is not a text (CSV) file or an Excel workbook')
    if (encoding && utf16) throw noEncodingToChoose('UTF-16 text')
    const text = encoding ? decodeAs(bytes, encoding) : decodeText(bytes)
    decoded = text
    encodingChoice = !utf16
    const separator = detectSeparator(text.text)
    try {
      records = readCsv(text.text, separator)
    } catch (error) {
      const line = (error as { lines?: number }).lines
      throw unreadable(`its quotes do not close${line ? ` (near line ${line})` : ''}`)
    }
    format = SEPARATOR_LABELS[separator]
  }
  const [header, ...rows] = records
  if (!header || header.cells.every((c) => c.trim() === '')) throw unreadable('it has no header row')
  if (header.cells.length > MAX_IMPORT_COLUMNS) throw unreadable(`it has more than ${MAX_IMPORT_COLUMNS} columns`)
  const headers = header.cells.map(headerName)
  const skipped: ImportIssue[] = []
  const customers = rows.filter(({ cells, line }) => {
    if (!repeatsHeader(cells, headers)) {
      const past = pastLastColumn(cells, headers.length)
      if (past.length > 0) skipped.push({ row: line, kind: 'note', field: 'Whole row', value: past.join(', '), message: `${past.length} ${past.length === 1 ? 'value' : 'values'} past the last column (it has no header): not imported` })
      return true
    }
    skipped.push({ row: line, kind: 'note', field: 'Whole row', value: headers.join(', '), message: 'The header row again (files pasted together): skipped' })
    return false
  })
  if (customers.length === 0) throw unreadable(`it has a header row but no ${limits.rowsAre}`)
  if (customers.length > limits.maxRows) throw unreadable(`it has more than ${limits.maxRows.toLocaleString('en-US')} rows; split it in parts`)
  // The header's own formulas are no customer's: only notes about rows kept are told.
  const kept = new Set(customers.map((row) => row.line))
  const reading = notes.filter((note) => kept.has(note.row))
  // Both in row order; a row's notes from the cells first.
  const all = reading.length ? [...reading, ...skipped].sort((a, b) => a.row - b.row) : skipped
  return { path, fileName, headers, rows: customers, encoding: decoded.encoding, readAs: decoded.readAs, encodingChoice, format, skipped: all }
}
