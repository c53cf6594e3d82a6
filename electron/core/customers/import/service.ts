import type { Knex } from 'knex'
import type { ParsedInput } from '../../../contract'
import { requireStoreId, type CommandContext } from '../../context'
import { AppError } from '../../errors'
import { newId } from '../../ids'
import { findStore } from '../../stores/repo'
import { localDateOf } from '../../time/local-dates'
import { activeUserIds, storeNames } from '../repo'
import type { FormContext } from '../form'
import { refuseHistoryNotAllowed, refuseReasonWithoutFlag } from './history-access'
import { ImportJob } from './job'
import { ImportJobs } from '../../imports/job'
import { readImportFile, type ReadFile } from '../../imports/read-file'
import { reportCsv, saveImportReport } from '../../imports/report'
import { recogniseSystem, suggestMapping } from './systems'

/** The customer imports in progress, per open database: one per session (a new file replaces the last). */
const jobs = new ImportJobs<ImportJob>()

export function importJobs(db: Knex): Map<string, ImportJob> {
  return jobs.all(db)
}

/** Closes every customer import in progress (ImportJobs.close): after a restore. */
export function closeImports(db: Knex): Promise<void> {
  return jobs.close(db)
}

const jobFor = (ctx: CommandContext, id: string): ImportJob => jobs.find(ctx, id)

const SAMPLE_ROWS = 3
/** The screen shows 40 characters of an example: a pasted note of megabytes went over whole. */
const SAMPLE_CHARS = 200
const sample = (cell: string) => (cell.length > SAMPLE_CHARS ? `${cell.slice(0, SAMPLE_CHARS)}…` : cell)

export async function pickFile(ctx: CommandContext) {
  requireStoreId(ctx)
  // Before the dialog: the user learns it before choosing a file (open refuses it too).
  jobs.refuseWhileSaving(ctx)
  const path = await ctx.dialogs.chooseOpenFile({
    title: 'Choose a customer file to import',
    filters: [
      { name: 'Customer lists (CSV, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: 'All files', extensions: ['*'] },
    ],
  })
  if (!path) return { file: null }
  return { file: await openImport(ctx, await readImportFile(path)) }
}

/**
 * The session's import of this file, in place of any it had (a new file replaces the last): its
 * columns matched and its first rows, what the screen shows of it.
 */
async function openImport(ctx: CommandContext, file: ReadFile) {
  const system = recogniseSystem(file.headers)
  return fileOf(await jobs.open(ctx, new ImportJob(newId(), ctx.sessionKey, file, system, ctx.log, ctx.importSliceDelayMs)))
}

/** The import's file as the screen shows it, its columns as the last check mapped them (suggested before one). */
function fileOf(job: ImportJob) {
  const { file, system } = job
  return {
    id: job.id,
    fileName: file.fileName,
    rows: file.rows.length,
    headers: file.headers,
    mapping: job.mapping.length > 0 ? [...job.mapping] : suggestMapping(file.headers, system),
    samples: file.headers.map((_, column) => file.rows.slice(0, SAMPLE_ROWS).map((r) => sample(r.cells[column] ?? ''))),
    system: system?.name ?? null,
    encoding: file.encoding,
    readAs: file.readAs,
    encodingChoice: file.encodingChoice,
    format: file.format,
  }
}

/** The session's import still checking or saving, for the screen opened again: its bar and Cancel. */
export async function running(ctx: CommandContext) {
  const job = jobs.running(ctx)
  return { running: job ? { file: fileOf(job), status: job.status() } : null }
}

/**
 * The picked file read again with the user's encoding, as a new import (nothing of the old one was
 * checked with these values). Refused while it works, once saved, and for a file with no encoding
 * to choose (readImportFile).
 */
export async function readAs(ctx: CommandContext, input: ParsedInput<'imports:readAs'>) {
  const job = jobFor(ctx, input.id)
  job.refuseWhileBusyOrSaved()
  return { file: await openImport(ctx, await readImportFile(job.file.path, input.encoding)) }
}

/** The form's rules with what they look up read once for the whole file. */
async function formContext(ctx: CommandContext, storeId: string): Promise<FormContext> {
  const store = await findStore(ctx.db, storeId)
  if (!store) throw new AppError('NOT_FOUND', 'Store was not found')
  const [stores, activeStaff] = await Promise.all([storeNames(ctx.db), activeUserIds(ctx.db, [])])
  return { store, today: localDateOf(ctx.now(), store.time_zone), knownStores: new Set(stores.keys()), activeStaff }
}

export async function check(ctx: CommandContext, input: ParsedInput<'imports:check'>) {
  const job = jobFor(ctx, input.id)
  job.refuseWhileBusyOrSaved()
  if (input.mapping.length !== job.file.headers.length) {
    throw new AppError('VALIDATION', `Say where each of the file's ${job.file.headers.length} columns goes`, { fields: { mapping: 'One choice per column' } })
  }
  const twice = input.mapping.find((t, i) => t !== 'ignore' && t !== 'notes' && input.mapping.indexOf(t) !== i)
  if (twice) throw new AppError('VALIDATION', 'Two columns go to the same field: send one of them to Notes or ignore it', { fields: { mapping: twice } })
  if (!input.mapping.some((t) => t === 'firstName' || t === 'fullName')) {
    throw new AppError('VALIDATION', 'Choose the column that holds the first name (or the full name)', { fields: { mapping: 'firstName' } })
  }
  refuseReasonWithoutFlag(input.mapping)
  refuseHistoryNotAllowed(ctx, input.mapping)
  const storeId = requireStoreId(ctx)
  const form = await formContext(ctx, storeId)
  job.startCheck(input.mapping, input.dateOrder, { storeId, form, nowIso: ctx.now().toISOString(), ctx })
  return job.status()
}

export async function status(ctx: CommandContext, input: ParsedInput<'imports:status'>) {
  return jobFor(ctx, input.id).status()
}

export async function commit(ctx: CommandContext, input: ParsedInput<'imports:commit'>) {
  const job = jobFor(ctx, input.id)
  refuseHistoryNotAllowed(ctx, job.mapping)
  await job.startCommit(ctx, input)
  return job.status()
}

export async function cancel(ctx: CommandContext, input: ParsedInput<'imports:cancel'>) {
  const job = jobFor(ctx, input.id)
  await job.cancel()
  return job.status()
}

export async function saveReport(ctx: CommandContext, input: ParsedInput<'imports:saveReport'>) {
  const job = jobFor(ctx, input.id)
  if (job.phase !== 'checked' && job.phase !== 'saved') throw new AppError('CONFLICT', 'Check the file first: the report lists what the check found')
  return saveImportReport(ctx, job.file.fileName, reportCsv(job.issues()))
}
