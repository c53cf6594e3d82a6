import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ExportFormat } from '../../../contract/customer-export'
import { EXPORT_COLUMNS, type ExportContext, type ExportDbRow } from './columns'
import { csvWriter } from './csv'
import { wallClock } from './wall-clock'
import type { ReportHeading, ReportWriter, WriterFactory } from './writer'

/**
 * Each format's writer, its module loaded at the first export in that format: the PDF's (pdfkit,
 * fontkit, whose Unicode tables are inflated at load) and the workbook's (archiver) were ~0.3 s
 * of CPU of every start of the core, the app's and each test child's, most of which export nothing.
 */
const WRITERS: Record<ExportFormat, () => Promise<WriterFactory>> = {
  csv: async () => (file, columns, _heading, context) => csvWriter(file, columns, context),
  xlsx: async () => (await import('./xlsx')).xlsxWriter,
  pdf: async () => (await import('./pdf')).pdfWriter,
}

/** What a report's values depend on, as plain data (it is kept with the job). */
export interface ContextSpec {
  /** The store's country: phones in its national format. */
  country: string
  /** The store's time zone: when a customer registered, on its wall clock. */
  timeZone: string
  storeNames: [string, string][]
}

export function contextOf(spec: ContextSpec): ExportContext {
  return { country: spec.country, localTime: wallClock(spec.timeZone), storeNames: new Map(spec.storeNames) }
}

/** A page of customers as SQLite gave it: a JSON array of value arrays, and how many. */
export interface ExportPage {
  json: string
  rows: number
}

/** Writes pages of customers to one file. */
export interface PageWriter {
  /** Resolves when the writer can take the next page. */
  write(page: ExportPage): Promise<void>
  /** Ends the file; resolves once it is complete and closed. */
  finish(): Promise<void>
  /** Stops at once; resolves once the file is closed (the caller removes it). */
  abort(): Promise<void>
}

export interface PageWriterSpec {
  format: ExportFormat
  file: string
  heading: ReportHeading
  context: ContextSpec
}

/** Rows formatted and written at a time. */
const WRITE_SLICE = 250

/** The file's writer: each page parsed, then written a slice at a time. */
export async function pageWriter(spec: PageWriterSpec): Promise<PageWriter> {
  const writer: ReportWriter = (await WRITERS[spec.format]())(spec.file, EXPORT_COLUMNS, spec.heading, contextOf(spec.context))
  return {
    async write(page) {
      const rows = JSON.parse(page.json) as ExportDbRow[]
      // Between slices the event loop turns: a page read ahead has its answer taken and the
      // next one sent to SQLite at once (awaiting the write alone stays on the microtask queue,
      // and SQLite sat idle until the whole page was written; with the reads ahead and the file's
      // larger buffer, 979,884 customers to CSV took 10.0–10.7 s against 11.6–13.9 s), and the
      // desk's commands get the main thread for the moment they need.
      for (let from = 0; from < rows.length; from += WRITE_SLICE) {
        await writer.write(rows.slice(from, from + WRITE_SLICE))
        await nextTurn()
      }
    },
    finish: () => writer.finish(),
    abort: () => writer.abort(),
  }
}
