import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { CommandInput, CommandOutput } from '../../../../electron/contract'
import { startSetUpCore, type TestCore, type TestCoreOptions } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'

export type Status = CommandOutput<'receiptImports:status'>
export type Summary = NonNullable<Status['summary']>

/** Polls the import until its background check or save has stopped. */
export async function settle(core: TestCore, id: string, session?: string): Promise<Status> {
  for (;;) {
    const status = await core.ok('receiptImports:status', { id }, session)
    if (status.phase !== 'checking' && status.phase !== 'saving') return status
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export const HEADER = 'Receipt number,Date,Customer,Item,Quantity,Unit price,Tax rate (%),Payment method,Payment amount'

/**
 * Two receipts of the Corner Shop (New York, USD): OLD-1001 for Ann (a notebook pair taxed at
 * 8.875 %, an untaxed pen, one card payment of the total), OLD-1002 a walk-in paid in cash with change.
 */
export const GOOD_FILE = [
  HEADER,
  'OLD-1001,2026-03-14 14:30,ann@example.org,Notebook,2,5.00,8.875,,',
  'OLD-1001,2026-03-14 14:30,ann@example.org,Pen,1,1.50,,Card,12.39',
  'OLD-1002,03/15/2026 9:05 PM,,Mug,1,$8.00,,Cash,10.00',
].join('\r\n')

/** `receipts` receipts of four lines each (three items, one payment of $24.39), every fifth Ann's. */
export function bigFile(receipts: number): string {
  const rows = [HEADER]
  for (let r = 0; r < receipts; r++) {
    const number = `BIG-${r}`
    const day = `2026-0${1 + (r % 9)}-${String(1 + (r % 28)).padStart(2, '0')} ${String(8 + (r % 12)).padStart(2, '0')}:15`
    const customer = r % 5 === 0 ? 'ann@example.org' : ''
    rows.push(`${number},${day},${customer},Notebook,2,5.00,8.875,,`)
    rows.push(`${number},${day},${customer},Pen,1,1.50,,,`)
    rows.push(`${number},${day},${customer},Mug,3,4.00,,,`)
    rows.push(`${number},${day},${customer},,,,,Card,24.39`)
  }
  return rows.join('\n')
}

/** Each test's core with a scripted open dialog, a tax rate of 8.875 % and Ann (enrolled in loyalty, 1 point per dollar). */
export function receiptImportEachTest() {
  let current: TestCore | undefined
  afterEach(async () => {
    await current?.cleanup()
    current = undefined
  })
  return {
    async start(options: TestCoreOptions = {}) {
      const scripted = scriptedDialogs()
      const core = (current = await startSetUpCore({ ...options, dialogs: scripted.dialogs }))
      await core.ok('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875, active: true })
      await core.ok('settings:update', { ...(await core.ok('settings:get', {})), loyaltyPointsPerUnit: 1 })
      const [store] = await core.ok('stores:list', {})
      const ann = await core.ok('customers:create', { storeIds: [store!.id], firstName: 'Ann', lastName: 'Archer', email: 'ann@example.org', phone: '(212) 555-0100', loyaltyEnrolled: true })
      const file = (name: string, contents: string | Buffer) => {
        const path = join(core.dir, name)
        writeFileSync(path, contents)
        return path
      }
      /** Checks the picked file again, as told, and waits for the preview. */
      const recheck = async (id: string, options: Partial<CommandInput<'receiptImports:check'>> = {}, session?: string): Promise<Summary> => {
        await core.ok('receiptImports:check', { id, ...options }, session)
        const status = await settle(core, id, session)
        if (!status.summary) throw new Error(`the check ended ${status.phase}: ${status.failure}`)
        return status.summary
      }
      /** Picks the file and checks it: the preview. */
      const check = async (path: string, options: Partial<CommandInput<'receiptImports:check'>> = {}, session?: string) => {
        scripted.willPick(path)
        const { file: picked } = await core.ok('receiptImports:pickFile', {}, session)
        if (!picked) throw new Error('no file picked')
        return { id: picked.id, picked, summary: await recheck(picked.id, options, session) }
      }
      /** Starts the save and waits for it to end: its status (the result once saved). */
      const save = async (id: string, session?: string): Promise<Status> => {
        await core.ok('receiptImports:commit', { id }, session)
        return settle(core, id, session)
      }
      return { core, ann, file, check, recheck, save, pick: scripted.willPick }
    },
  }
}

/** Row counts of every table an import writes. */
export async function counts(core: TestCore) {
  const out: Record<string, number> = {}
  for (const table of ['receipts', 'receipt_items', 'receipt_payments', 'loyalty_ledger', 'change_log']) {
    out[table] = Number((await core.services.db(table).count<{ n: number }[]>({ n: '*' }))[0].n)
  }
  return out
}
