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
import { readImportFile, type ReadFile } from '../../imports/read-file'
import { reportCsv, saveImportReport } from '../../imports/report'
import { recogniseSystem, suggestMapping } from './systems'

/** The imports in progress, per open database: one per session (a new file replaces the last). */
const jobsOf = new WeakMap<Knex, Map<string, ImportJob>>()

export function importJobs(db: Knex): Map<string, ImportJob> {
  let jobs = jobsOf.get(db)
  if (!jobs) jobsOf.set(db, (jobs = new Map()))
  return jobs
}

/**
 * Closes every import in progress, a running check or save stopped first: after a restore, the
 * rows were checked against data that is gone (duplicates, usernames, the store itself), and
 * a session signed in again could save them into the restored data.
 */
export async function closeImports(db: Knex): Promise<void> {
  const jobs = importJobs(db)
  for (const job of jobs.values()) if (job.busy) await job.cancel().catch(() => {})
  jobs.clear()
}

function jobFor(ctx: CommandContext, id: string): ImportJob {
  const job = importJobs(ctx.db).get(id)
  // Another session's import is as good as absent.
  if (!job || job.sessionKey !== ctx.sessionKey) throw new AppError('NOT_FOUND', 'This import is no longer open: choose the file again')
  return job
}

const SAMPLE_ROWS = 3
/** The screen shows 40 characters of an example: a pasted note of megabytes went over whole. */
const SAMPLE_CHARS = 200
const sample = (cell: string) => (cell.length > SAMPLE_CHARS ? `${cell.slice(0, SAMPLE_CHARS)}…` : cell)

export async function pickFile(ctx: CommandContext) {
  requireStoreId(ctx)
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
  const jobs = importJobs(ctx.db)
  for (const [id, old] of jobs) {
    if (old.sessionKey !== ctx.sessionKey) continue
    if (old.busy) await old.cancel().catch(() => {})
    jobs.delete(id)
  }
  const system = recogniseSystem(file.headers)
  const job = new ImportJob(newId(), ctx.sessionKey, file, system, ctx.log)
  jobs.set(job.id, job)
  return {
    id: job.id,
    fileName: file.fileName,
    rows: file.rows.length,
    headers: file.headers,
    mapping: suggestMapping(file.headers, system),
    samples: file.headers.map((_, column) => file.rows.slice(0, SAMPLE_ROWS).map((r) => sample(r.cells[column] ?? ''))),
    system: system?.name ?? null,
    encoding: file.encoding,
    readAs: file.readAs,
    encodingChoice: file.encodingChoice,
    format: file.format,
  }
}

/**
 * The picked file read again with the user's encoding, as a new import (nothing of the old one was
 * checked with these values). Refused while it works, once saved, and for a file with no encoding
 * to choose (readImportFile).
 */
export async function readAs(ctx: CommandContext, input: ParsedInput<'imports:readAs'>) {
  const job = jobFor(ctx, input.id)
  if (job.busy) throw new AppError('CONFLICT', 'This import is still working: wait for it or cancel it')
  if (job.phase === 'saved') throw new AppError('CONFLICT', 'This file has been imported: choose it again to import it once more')
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
  if (job.busy) throw new AppError('CONFLICT', 'This import is still working: wait for it or cancel it')
  if (job.phase === 'saved') throw new AppError('CONFLICT', 'This file has been imported: choose it again to import it once more')
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
  job.startCommit(ctx, input)
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
