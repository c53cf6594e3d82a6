import type { ExportColumn, ExportContext, ExportDbRow } from './columns'

/** What a report says about itself: on a PDF's every page, in a workbook's properties. */
export interface ReportHeading {
  storeName: string
  /** "Customer Report" */
  title: string
  /** The filters the list had, in words: "Active customers · registered in the last 30 days · search “ana”". */
  filters: string
  /** When it was made, in the store's format. */
  madeAt: string
  /** The store's locale (dates and numbers in a PDF) and time zone. */
  locale: string
}

/**
 * One format's file writer. `write` takes customers as read (each writer turns them into its
 * columns' values, a CSV without an array per row in between) and resolves when the file can
 * take more, so memory stays flat however long the list.
 */
export interface ReportWriter {
  write(rows: readonly ExportDbRow[]): Promise<void>
  /** Ends the file; resolves once every byte is on disk. */
  finish(): Promise<void>
  /** Stops at once (Cancel, an error); the caller removes the file. */
  abort(): Promise<void>
}

export type WriterFactory = (file: string, columns: readonly ExportColumn[], heading: ReportHeading, context: ExportContext) => ReportWriter
