import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { CommandInput, CommandOutput } from '../../../../electron/contract'
import type { ImportTarget } from '../../../../electron/contract/imports'
import { startSetUpCore, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'

export const FIXTURES = join(__dirname, '../../../fixtures/import')
export const fixture = (name: string) => join(FIXTURES, name)

export type ImportStatus = CommandOutput<'imports:status'>
export type ImportFile = NonNullable<CommandOutput<'imports:pickFile'>['file']>

/** A core whose open dialog answers with the files a test names. */
export async function importCore(): Promise<{ core: TestCore; pick: (path: string | null) => void; asked: ReturnType<typeof scriptedDialogs>['asked'] }> {
  const scripted = scriptedDialogs()
  const core = await startSetUpCore({ dialogs: scripted.dialogs })
  return { core, pick: scripted.willPick, asked: scripted.asked }
}

/**
 * Each test's import core (importCore), cleaned up after the test: `start` makes it, `file`
 * writes a file into its data folder and answers the path, `dir` is that folder.
 */
export function importCoreEachTest() {
  let current: TestCore | undefined
  afterEach(async () => {
    await current?.cleanup()
    current = undefined
  })
  const dir = () => current!.dir
  return {
    async start() {
      const made = await importCore()
      current = made.core
      return made
    },
    file(name: string, contents: string | Buffer) {
      const path = join(dir(), name)
      writeFileSync(path, contents)
      return path
    },
    dir,
  }
}

/** Polls the import until its background work is done. */
export async function settle(core: TestCore, id: string, session?: string): Promise<ImportStatus> {
  for (;;) {
    const status = await core.ok('imports:status', { id }, session)
    if (status.phase !== 'checking' && status.phase !== 'saving') return status
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Picks the file, keeps (or patches) the suggested mapping, and checks every row. */
export async function checkFile(
  core: TestCore,
  pick: (path: string | null) => void,
  path: string,
  options: { patch?: Record<string, ImportTarget>; dateOrder?: CommandInput<'imports:check'>['dateOrder'] } = {},
): Promise<{ file: ImportFile; status: ImportStatus }> {
  pick(path)
  const { file } = await core.ok('imports:pickFile', {})
  if (!file) throw new Error('no file picked')
  const mapping = file.headers.map((h, i) => options.patch?.[h] ?? file.mapping[i])
  await core.ok('imports:check', { id: file.id, mapping, dateOrder: options.dateOrder ?? 'auto' })
  return { file, status: await settle(core, file.id) }
}

/** Commits a checked import and waits for it. */
export async function commitImport(core: TestCore, id: string, options: { leaveOutBadRows?: boolean; leaveOutDuplicates?: boolean } = {}): Promise<ImportStatus> {
  await core.ok('imports:commit', { id, ...options })
  return settle(core, id)
}

/** Every customer as stored, by first name. */
export async function savedCustomers(core: TestCore): Promise<Record<string, Record<string, unknown>>> {
  const rows = await core.services.db('customers').select('*').orderBy('customer_number')
  return Object.fromEntries(rows.map((r: Record<string, unknown>) => [r.first_name as string, r]))
}
