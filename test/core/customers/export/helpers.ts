import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CommandInput, CommandOutput } from '../../../../electron/contract'
import type { TestCore } from '../../../support/core'
import type { scriptedDialogs } from '../../../support/platform'

export type ExportInput = CommandInput<'customers:exportStart'>
export type Progress = CommandOutput<'customers:exportProgress'>

/** The list's default filters, everyone registered any time; a test narrows them. */
export const EVERYONE: ExportInput = { period: 'all', status: 'active', flaggedOnly: false, sort: 'customerNumber', direction: 'asc', format: 'csv' }

/** Polls exportProgress until the job has stopped (as the renderer does). */
export async function untilStopped(core: TestCore, jobId: string, session?: string): Promise<Progress> {
  for (let i = 0; i < 3000; i++) {
    const progress = await core.ok('customers:exportProgress', { jobId }, session)
    if (progress.state !== 'running') return progress
    await sleep(10)
  }
  throw new Error('export did not stop')
}

/** Exports to `file` (the user picks it in the save dialog) and waits for the outcome. */
export async function exportTo(core: TestCore, dialogs: ReturnType<typeof scriptedDialogs>, file: string, input: Partial<ExportInput> = {}): Promise<Progress> {
  dialogs.willPick(file)
  const { job } = await core.ok('customers:exportStart', { ...EVERYONE, ...input })
  if (!job) throw new Error('the export did not start')
  return untilStopped(core, job.jobId)
}

/** Files in a folder, hidden partial files included. */
export function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : []
}

export const inFolder = (folder: string, name: string) => join(folder, name)
