import { importedFlagReasonSchema, importedPointsSchema, OPENING_BALANCE_REASON } from '../../contract/imports'
import { logInsertedRows, type LogEntry, type Writer } from '../db/changelog'
import type { PreparedInserts } from '../db/prepared-inserts'
import { AppError } from '../errors'
import { newLedgerRow, type LedgerRow } from '../loyalty/ledger'
import { rebuildCaches } from '../sync/caches'
import { newFlagEvent, type FlagEventRow } from './flag-events'

/**
 * What an import carries over from the old system besides the customer: an opening balance and
 * a flag, saved as this app's own history, the rows the desk writes for them. The balance is one
 * loyalty entry as loyalty:adjust writes one (kind adjustment, "Opening balance from import", by
 * the importing user, no approver: no manager's PIN is asked, the import is its own
 * permission's action); the flag one flag event with the file's reason, as customers:setFlag
 * writes one. Both are logged as the tracked writer logs them (logInsertedRows), inside their
 * customer's unit: another store applies a customer with their balance and flag, or waits.
 */
export interface CustomerHistory {
  /** Points above zero: one ledger entry. */
  openingPoints?: number
  /** Flagged, with this reason: one flag event. */
  flagReason?: string
}

export interface HistoryRows {
  ledger: LedgerRow[]
  flags: FlagEventRow[]
  entries: LogEntry[]
}

/** A caller other than the import's check (which says why per row) gets the same rules, as one refusal. */
export function checkHistory(history: CustomerHistory, line: number): void {
  const refused = (message: string) => new AppError('VALIDATION', `Row ${line}: ${message}`)
  if (history.openingPoints !== undefined) {
    const points = importedPointsSchema.safeParse(history.openingPoints)
    if (!points.success) throw refused(points.error.issues[0].message)
  }
  if (history.flagReason !== undefined) {
    const reason = importedFlagReasonSchema.safeParse(history.flagReason)
    if (!reason.success) throw refused(reason.error.issues[0].message)
    if (reason.data === '') throw refused('Give a reason for flagging')
  }
}

/**
 * The rows and entries of one batch's balances and flags: `rows` are the batch's customers as
 * saved, `histories` what each brought, `unitEntries` their insert entries (bulk-log.ts), all
 * in the same order. Each customer's unit grows by what is written for them.
 */
export function buildHistory(
  w: Writer,
  rows: readonly { id: string }[],
  histories: readonly CustomerHistory[],
  unitEntries: readonly Record<string, unknown>[],
): HistoryRows {
  const out: HistoryRows = { ledger: [], flags: [], entries: [] }
  histories.forEach(({ openingPoints, flagReason }, i) => {
    if (!openingPoints && !flagReason) return
    const customerId = rows[i].id
    const ledger = openingPoints
      ? [newLedgerRow(w, { customer_id: customerId, kind: 'adjustment', points: openingPoints, reason: OPENING_BALANCE_REASON, receipt_id: null, approver_id: null })]
      : []
    const flags = flagReason ? [newFlagEvent(w, customerId, 'flagged', flagReason)] : []
    // The entries of this customer alone, on a writer of their own: the command's list is not theirs.
    const own: Writer = { ...w, entries: [] }
    logInsertedRows(own, [
      { table: 'loyalty_ledger', rows: ledger.map((row) => ({ ...row })) },
      { table: 'flag_events', rows: flags.map((row) => ({ ...row })) },
    ])
    const unit = unitEntries[i]
    const size = 1 + own.entries.length
    unit.tx_size = size
    for (const entry of own.entries) {
      entry.tx = unit.id as string
      entry.tx_size = size
    }
    out.ledger.push(...ledger)
    out.flags.push(...flags)
    out.entries.push(...own.entries)
  })
  return out
}

/** Writes a batch's balances and flags with their entries, after its customers and their log. */
export async function writeHistory(inserts: PreparedInserts, rows: HistoryRows): Promise<void> {
  await inserts.insertObjects('loyalty_ledger', rows.ledger as unknown as Record<string, unknown>[])
  await inserts.insertObjects('flag_events', rows.flags as unknown as Record<string, unknown>[])
  await inserts.insertObjects('change_log', rows.entries as unknown as Record<string, unknown>[])
}

/** The balance, last reason and flag of the customers given a history, made from it as every store makes them. */
export function settleHistoryCaches(w: Writer, customerIds: readonly string[]): Promise<void> {
  return rebuildCaches(w.trx, ['ledger', 'flags'], customerIds)
}
