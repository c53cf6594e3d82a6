import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { CommandInput, CommandOutput } from '../../../../electron/contract'
import { startSetUpCore, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'

export type Summary = CommandOutput<'receiptImports:check'>

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

/** Each test's core with a scripted open dialog, a tax rate of 8.875 % and Ann (enrolled in loyalty, 1 point per dollar). */
export function receiptImportEachTest() {
  let current: TestCore | undefined
  afterEach(async () => {
    await current?.cleanup()
    current = undefined
  })
  return {
    async start() {
      const scripted = scriptedDialogs()
      const core = (current = await startSetUpCore({ dialogs: scripted.dialogs }))
      await core.ok('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875, active: true })
      await core.ok('settings:update', { ...(await core.ok('settings:get', {})), loyaltyPointsPerUnit: 1 })
      const [store] = await core.ok('stores:list', {})
      const ann = await core.ok('customers:create', { storeIds: [store!.id], firstName: 'Ann', lastName: 'Archer', email: 'ann@example.org', phone: '(212) 555-0100', loyaltyEnrolled: true })
      const file = (name: string, contents: string | Buffer) => {
        const path = join(core.dir, name)
        writeFileSync(path, contents)
        return path
      }
      /** Picks the file and checks it: the preview. */
      const check = async (path: string, options: Partial<CommandInput<'receiptImports:check'>> = {}, session?: string) => {
        scripted.willPick(path)
        const { file: picked } = await core.ok('receiptImports:pickFile', {}, session)
        if (!picked) throw new Error('no file picked')
        return { id: picked.id, picked, summary: await core.ok('receiptImports:check', { id: picked.id, ...options }, session) }
      }
      return { core, ann, file, check, pick: scripted.willPick }
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
