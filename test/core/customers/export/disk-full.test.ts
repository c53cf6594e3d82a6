import fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS, EXPORT_DB_COLUMNS, type ExportDbRow } from '../../../../electron/core/customers/export/columns'
import { csvWriter } from '../../../../electron/core/customers/export/csv'
import { pdfWriter } from '../../../../electron/core/customers/export/pdf'
import { contextOf } from '../../../../electron/core/customers/export/formats'
import { xlsxWriter } from '../../../../electron/core/customers/export/xlsx'
import { tempDir } from '../../../support/core'

/**
 * A disk that fills while a long export is written: the writer must stop at the next slice of
 * rows, not read and format the whole list into a stream that has failed and tell only at the end.
 * The file system's writes answer ENOSPC once a few hundred kilobytes are on disk.
 */
const FULL_AFTER_BYTES = 300_000
const SLICE = 250
const ROWS = 100_000
const { write, writev } = fs
let written = 0
/** Rows handed to the writer when the disk first refused a write. */
let rowsAtRefusal: number | null = null
let rowsHanded = 0

function fillDiskAfter(limit: number): void {
  written = 0
  rowsAtRefusal = null
  const full = () => {
    rowsAtRefusal ??= rowsHanded
    return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
  }
  const patched = fs as unknown as Record<string, unknown>
  patched.write = (fd: unknown, buffer: { length?: number }, ...rest: unknown[]) => {
    const callback = rest.at(-1) as (error: Error) => void
    if (written >= limit) return process.nextTick(callback, full())
    written += buffer.length ?? 0
    return (write as (...args: unknown[]) => unknown)(fd, buffer, ...rest)
  }
  patched.writev = (fd: unknown, buffers: { length: number }[], ...rest: unknown[]) => {
    const callback = rest.at(-1) as (error: Error) => void
    if (written >= limit) return process.nextTick(callback, full())
    for (const b of buffers) written += b.length
    return (writev as (...args: unknown[]) => unknown)(fd, buffers, ...rest)
  }
}

afterEach(() => {
  Object.assign(fs, { write, writev })
})

const context = contextOf({ country: 'US', timeZone: 'UTC', storeNames: [['s1', 'Corner Shop']] })
const row = (n: number): ExportDbRow => {
  const values: Record<string, string | number | null> = Object.fromEntries(EXPORT_DB_COLUMNS.map((c) => [c, null]))
  Object.assign(values, { customer_number: n, first_name: `Ana ${n}`, last_name: 'Núñez', email: `ana${n}@example.com`, active: 1, store_ids: '["s1"]', created_at: '2026-12-02T10:12:00.000Z', date_of_birth: '1990-05-01' })
  return EXPORT_DB_COLUMNS.map((c) => values[c])
}

describe('a disk that fills during an export', () => {
  for (const format of ['csv', 'xlsx', 'pdf'] as const) {
    it(`stops the ${format} writer within a few slices, with the disk's error`, async () => {
      const file = join(tempDir('backroom-export-full-'), `.list.${format}.part`)
      const heading = { storeName: 'Corner Shop', title: 'Customers', filters: 'All', madeAt: '2 Dec 2026', locale: 'en-US' }
      const writer =
        format === 'csv' ? csvWriter(file, EXPORT_COLUMNS, context) : format === 'xlsx' ? xlsxWriter(file, EXPORT_COLUMNS, heading, context) : pdfWriter(file, EXPORT_COLUMNS, heading, context)
      fillDiskAfter(FULL_AFTER_BYTES)
      const slice = Array.from({ length: SLICE }, (_, i) => row(i + 1))
      let rows = 0
      rowsHanded = 0
      let failure: (Error & { code?: string }) | null = null
      try {
        // Paced like the export's reader (a page read between slices), so the disk's answer arrives meanwhile.
        for (; rows < ROWS; rows += SLICE) {
          rowsHanded = rows
          await writer.write(slice)
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
        await writer.finish()
      } catch (error) {
        failure = error as Error
      }
      await writer.abort()
      expect(failure?.code).toBe('ENOSPC')
      // Some 300 kB are a few thousand rows; the whole list is 100,000. The writer stops within a
      // few slices of the disk's first refusal, however far ahead of the file the compression is.
      expect(rows).toBeLessThan(ROWS / 4)
      expect(rowsAtRefusal).not.toBeNull()
      // A few slices: on a loaded machine (two core files at once) the refusal reached the
      // writer five slices after the disk gave it, and ten in the CI at 7beb535 (the csv stream's
      // buffer drains on a busy event loop); the whole list would be 400.
      expect(rows - rowsAtRefusal!).toBeLessThanOrEqual(20 * SLICE)
    })
  }
})
