import type { Knex } from 'knex'
import type { ImportIssue } from '../../../contract/imports'
import type { ReceiptImportSummary } from '../../../contract/receipt-imports'
import { dayOrderOf, type DayOrder } from '../../imports/dates'
import { SLICE } from '../../imports/job'
import type { ReadFile } from '../../imports/read-file'
import type { CustomerAccount } from '../../loyalty/accounts'
import type { StoreTerms } from '../../stores/terms'
import { listTaxRates } from '../../tax-rates/repo'
import { localDateOf } from '../../time/local-dates'
import { saleEarnings } from '../sale'
import { findColumns } from './columns'
import { matchCustomers } from './customers'
import { readLine, type FileLine } from './lines'
import { groupLines, priceReceipt, ratesByPercent, type PricedReceipt, type ReceiptDraft } from './receipts'

const PREVIEW_RECEIPTS = 20
const ISSUES_SHOWN = 200

/**
 * Called between slices of the check (ImportJobBase: the event loop's turn for other commands,
 * and where a cancel stops it, by throwing).
 */
export interface CheckProgress {
  /** After each slice of lines read: how many so far. */
  linesRead(lines: number): Promise<void>
  /** Between slices of receipts priced. */
  pause(): Promise<void>
}

export interface CheckRules {
  terms: StoreTerms
  now: Date
  dateOrder: DayOrder | 'auto'
  awardPoints: boolean
  progress?: CheckProgress
}

/** A receipt the save writes: priced, with its customer's account (null for a walk-in). */
export interface PlannedReceipt extends PricedReceipt {
  customer: CustomerAccount | null
}

export interface CheckedFile {
  summary: ReceiptImportSummary
  plan: PlannedReceipt[]
  /** Every problem, errors first (the summary carries the first few): the report's rows. */
  issues: ImportIssue[]
}

/**
 * Receipt numbers of these drafts this store already has, 500 at a time by receipts_number.
 * Only this store's: another store's register may have given the same numbers to its own sales
 * (both counting 1001, 1002…), and those, synced here, are not this store's receipts.
 */
async function numbersTaken(db: Knex, storeId: string, numbers: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>()
  for (let i = 0; i < numbers.length; i += 500) {
    const rows: { number: string }[] = await db('receipts').where({ store_id: storeId }).whereIn('number', numbers.slice(i, i + 500)).distinct('number')
    for (const row of rows) taken.add(row.number)
  }
  return taken
}

const byRow = (a: ImportIssue, b: ImportIssue) => a.row - b.row

/**
 * Reads every line, gathers them into receipts, prices each as the desk would, matches the
 * customers and leaves out the receipts the store has: what would be written, and every
 * problem. Reads only, on `db` (the save runs it again in its transaction).
 */
export async function checkReceiptFile(db: Knex, file: ReadFile, rules: CheckRules): Promise<CheckedFile> {
  const { terms } = rules
  const columns = findColumns(file.headers)
  const empty: ReceiptImportSummary = {
    ambiguousDates: [], dateOrder: null, receipts: 0, lines: 0, totalMinor: 0, currency: terms.currency, customersMatched: 0,
    walkIns: 0, alreadyImported: 0, points: 0, awardPoints: rules.awardPoints, preview: [], issues: [], issueCount: 0, errors: 0,
  }
  let dayOrder: DayOrder | null = rules.dateOrder === 'auto' ? null : rules.dateOrder
  if (!dayOrder) {
    const dates = file.rows.map((row) => (row.cells[columns.date!] ?? '').trim())
    const found = dayOrderOf(dates)
    if (!found.order && (found.conflicting || found.ambiguous.length > 0)) {
      // Dates that read both ways, or the first of each way when the file writes both: for the user to judge.
      return { summary: { ...empty, ambiguousDates: found.ambiguous }, plan: [], issues: [] }
    }
    dayOrder = found.order
  }
  const lineRules = { columns, currency: terms.currency, timeZone: terms.timeZone, today: localDateOf(rules.now, terms.timeZone), now: rules.now, dayOrder }
  const issues: ImportIssue[] = [...file.skipped]
  const lines: FileLine[] = []
  for (let at = 0; at < file.rows.length; at += SLICE) {
    for (const { cells, line } of file.rows.slice(at, at + SLICE)) {
      const read = readLine(cells, line, lineRules)
      issues.push(...read.issues)
      if (read.line) lines.push(read.line)
    }
    await rules.progress?.linesRead(Math.min(at + SLICE, file.rows.length))
  }
  const drafts = groupLines(lines, terms.country, issues)
  const taken = await numbersTaken(db, terms.id, [...drafts.keys()])
  const own = new RegExp(`^${terms.receiptPrefix}-\\d+$`)
  const fresh: ReceiptDraft[] = []
  const skipped: ImportIssue[] = []
  for (const draft of drafts.values()) {
    if (taken.has(draft.number)) skipped.push({ row: draft.row, kind: 'duplicate', field: 'Receipt number', value: draft.number, message: 'Already imported: the store has this receipt, skipped' })
    else if (own.test(draft.number)) {
      issues.push({ row: draft.row, kind: 'error', field: 'Receipt number', value: draft.number, message: `This store's desk numbers its own receipts ${terms.receiptPrefix}-…: give the imported ones another prefix in the file` })
    } else fresh.push(draft)
  }
  const accounts = await matchCustomers(db, fresh, terms.country, issues, rules.progress?.pause)
  const rates = ratesByPercent(await listTaxRates(db, terms.id))
  const plan: PlannedReceipt[] = []
  for (const [n, draft] of fresh.entries()) {
    const priced = priceReceipt(draft, rates, terms.currency, issues)
    if (priced) plan.push({ ...priced, customer: accounts.get(draft.customer) ?? null })
    if ((n + 1) % SLICE === 0) await rules.progress?.pause()
  }
  const errors = issues.filter((i) => i.kind === 'error').sort(byRow)
  const reported = [...errors, ...issues.filter((i) => i.kind !== 'error'), ...skipped].sort(byRow)
  const points = plannedPoints(plan, rules)
  const ordered = errors.length ? [...errors, ...reported.filter((i) => i.kind !== 'error')] : reported
  return {
    plan,
    issues: ordered,
    summary: {
      ...empty,
      dateOrder: dayOrder,
      receipts: plan.length,
      lines: plan.reduce((n, p) => n + p.draft.lines, 0),
      totalMinor: plan.reduce((n, p) => n + p.totals.totalMinor, 0),
      customersMatched: plan.filter((p) => p.customer).length,
      walkIns: plan.filter((p) => !p.customer).length,
      alreadyImported: skipped.length,
      points: points.reduce((n, p) => n + p, 0),
      preview: plan.slice(0, PREVIEW_RECEIPTS).map((p, i) => ({
        row: p.draft.row,
        number: p.draft.number,
        createdAt: p.draft.createdAt,
        customer: p.customer?.name ?? null,
        lines: p.draft.lines,
        totalMinor: p.totals.totalMinor,
        points: points[i],
      })),
      issues: ordered.slice(0, ISSUES_SHOWN),
      issueCount: reported.length,
      errors: errors.length,
    },
  }
}

/**
 * The points each receipt would earn, in the file's order, as the save will award them: each
 * customer's balance grows receipt by receipt (so the cap at what a balance holds bites as it would).
 */
function plannedPoints(plan: readonly PlannedReceipt[], rules: CheckRules): number[] {
  if (!rules.awardPoints) return plan.map(() => 0)
  const balances = new Map<string, CustomerAccount>()
  return plan.map((p) => {
    if (!p.customer) return 0
    const account = balances.get(p.customer.id) ?? { ...p.customer }
    balances.set(account.id, account)
    const earned = saleEarnings(account, rules.terms, p.totals.subtotalMinor)
    account.balance += earned
    return earned
  })
}
