import type { ParsedInput } from '../../../contract'
import type { ExportFormat } from '../../../contract/customer-export'
import { offeredLocale } from '../../../contract/regional'
import type { CommandContext } from '../../context'
import { checkStoreFilter, storesOf, listFilters } from '../search/service'
import { SORTS } from '../search/sorts'
import { describeFilters } from './describe'
import { databaseFileOf } from '../../db/connection'
import { storeFormat } from './store-format'
import { wallClock } from './wall-clock'

const FILE_TYPES: Record<ExportFormat, { name: string; extension: string }> = {
  csv: { name: 'CSV (comma-separated values)', extension: 'csv' },
  xlsx: { name: 'Excel workbook', extension: 'xlsx' },
  pdf: { name: 'PDF document', extension: 'pdf' },
}

/** "Customer Report 2026-12-02 15-12-30.csv": the store's date and time, safe in any file system (guides 001, 004). */
export function reportFileName(wall: string, format: ExportFormat): string {
  return `Customer Report ${wall.replace(':', '-')}.${FILE_TYPES[format].extension}`
}

/** The chosen path with the format's extension (a name typed without one gets it). */
function withExtension(path: string, format: ExportFormat): string {
  const extension = `.${FILE_TYPES[format].extension}`
  return path.toLowerCase().endsWith(extension) ? path : `${path}${extension}`
}

/**
 * Asks where to save the list and starts writing it in the background: exactly the rows the
 * customer list shows for these filters, search and order, every contact field of each.
 */
export async function exportStart(ctx: CommandContext, input: ParsedInput<'customers:exportStart'>) {
  const { local: store, names } = await storesOf(ctx)
  // Before the save dialog: a refused filter asks nothing.
  checkStoreFilter(input.storeId, names)
  const now = ctx.now()
  const localTime = wallClock(store.time_zone)
  const wallNow = `${localTime(now.toISOString())}:${String(now.getUTCSeconds()).padStart(2, '0')}`
  const type = FILE_TYPES[input.format]
  const chosen = await ctx.dialogs.chooseSaveFile({
    title: 'Export the customer list',
    defaultName: reportFileName(wallNow.replace(/:(\d\d)$/, '-$1'), input.format),
    filters: [{ name: type.name, extensions: [type.extension] }],
  })
  if (!chosen) return { job: null }
  // As the screens write dates (a locale an older version saved and they no longer offer is read as theirs).
  const locale = offeredLocale(store.locale)
  const format = storeFormat(locale)
  const job = ctx.exports.start({
    sessionKey: ctx.sessionKey,
    format: input.format,
    target: withExtension(chosen, input.format),
    databaseFile: databaseFileOf(ctx.db),
    query: { filters: listFilters(input, store, now), sort: SORTS[input.sort], direction: input.direction },
    context: { country: store.country, timeZone: store.time_zone, storeNames: [...names] },
    heading: {
      storeName: store.name,
      title: 'Customer Report',
      filters: describeFilters(input, format, names),
      madeAt: format.dateTime(wallNow.slice(0, 16)),
      locale,
    },
  })
  return { job: job.progress() }
}

export async function exportProgress(ctx: CommandContext, input: ParsedInput<'customers:exportProgress'>) {
  return ctx.exports.get(input.jobId, ctx.sessionKey).progress()
}

export async function exportCancel(ctx: CommandContext, input: ParsedInput<'customers:exportCancel'>) {
  const job = ctx.exports.get(input.jobId, ctx.sessionKey)
  await job.cancel()
  return job.progress()
}
