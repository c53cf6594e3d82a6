import type { ImportIssue, ImportPreviewRow, ImportStatus, ImportTarget } from '../../../contract/imports'
import type { CommandContext } from '../../context'
import { AppError } from '../../errors'
import { bulkInsertCustomers, type BulkCustomer } from '../bulk'
import type { FormContext, PhoneMemo } from '../form'
import { dayOrderOf, type DayOrder } from '../../imports/dates'
import { ImportJobBase, SLICE } from '../../imports/job'
import { markDuplicates, SavedMatches } from './duplicates'
import type { ReadFile } from '../../imports/read-file'
import { checkRow, type CheckedRow } from './rows'
import type { KnownSystem } from './systems'
import { refuseTakenValues } from './unique'

const PREVIEW_ROWS = 20
const ISSUES_SHOWN = 200

const DATE_TARGETS: readonly ImportTarget[] = ['dateOfBirth', 'anniversary', 'driversLicenseExpiry', 'medicalExpiry', 'createdAt']

/**
 * One customer import, from the picked file to the saved customers (ImportJobBase: held for the
 * session that picked it, checked and saved in the background, polled, cancelled). Saving is one
 * transaction: a cancel or a failure rolls all of it back.
 */
export class ImportJob extends ImportJobBase {
  /** The mapping of the last check: what its rows were read as, and so which permissions the save asks for. */
  mapping: readonly ImportTarget[] = []
  private checked: CheckedRow[] = []
  private duplicates = new Set<number>()
  /** The phones the check parsed, for the save to reuse (FormContext.phones). */
  private phones: PhoneMemo = new Map()
  private summary: ImportStatus['summary'] = null
  private saved: number | null = null

  constructor(
    id: string,
    sessionKey: string,
    readonly file: ReadFile,
    readonly system: KnownSystem | null,
    log?: (message: string) => void,
    sliceDelayMs?: number,
  ) {
    super(id, sessionKey, log, sliceDelayMs)
    this.total = file.rows.length
  }

  status(): ImportStatus {
    return { id: this.id, phase: this.phase, done: this.done, total: this.total, summary: this.summary, saved: this.saved, failure: this.failure }
  }

  startCheck(mapping: readonly ImportTarget[], dateOrder: DayOrder | 'auto', rules: { storeId: string; form: FormContext; nowIso: string; ctx: CommandContext }): void {
    this.summary = null
    this.mapping = mapping
    this.start('checking', this.file.rows.length, async () => {
      const order = dateOrder === 'auto' ? this.dayOrder(mapping) : dateOrder
      if (order === 'ask') return
      this.phones = new Map()
      const ruleSet = { headers: this.file.headers, mapping, system: this.system, dayOrder: order, ...rules, form: { ...rules.form, phones: this.phones } }
      const checked: CheckedRow[] = []
      const saved = new SavedMatches(rules.ctx.db)
      // Each slice's lookups queue behind the slice before's: the desk's own queries wait for
      // one slice's lookups at most (a few queries), and the check never waits for them.
      let lookingUp: Promise<void> = Promise.resolve()
      try {
        for (let i = 0; i < this.file.rows.length; i += SLICE) {
          const slice = this.file.rows.slice(i, i + SLICE).map(({ cells, line }) => checkRow(cells, line, ruleSet))
          checked.push(...slice)
          this.done = checked.length
          lookingUp = lookingUp.then(() => (this.cancelled ? undefined : saved.lookUp(slice)))
          // Awaited after the loop; until then a failure must not count as unhandled.
          lookingUp.catch(() => {})
          await this.turn()
        }
        await lookingUp
      } finally {
        // After a cancel or a failure no lookup is left running.
        await lookingUp.catch(() => {})
      }
      await refuseTakenValues(rules.ctx.db, checked)
      // A row refused for a taken username is no longer a customer: markDuplicates skips it.
      this.duplicates = markDuplicates(checked, saved)
      this.checked = checked
      this.summary = this.summarise(order)
      this.phase = 'checked'
    })
  }

  /** The order the file's dates show, or 'ask' (status needs-date-order) when they do not tell. */
  private dayOrder(mapping: readonly ImportTarget[]): DayOrder | null | 'ask' {
    const columns = mapping.flatMap((target, column) => (DATE_TARGETS.includes(target) ? [column] : []))
    const values = function* (rows: ReadFile['rows']) {
      for (const row of rows) for (const column of columns) yield row.cells[column] ?? ''
    }
    const found = dayOrderOf(values(this.file.rows))
    if (found.order || (!found.conflicting && found.ambiguous.length === 0)) return found.order
    this.summary = { ...emptySummary(), ambiguousDates: found.ambiguous }
    this.phase = 'needs-date-order'
    return 'ask'
  }

  private summarise(order: DayOrder | null): NonNullable<ImportStatus['summary']> {
    const issues = this.issues()
    const withErrors = this.checked.filter((r) => !r.customer).length
    return {
      rows: this.checked.length,
      valid: this.checked.length - withErrors,
      withErrors,
      duplicates: this.duplicates.size,
      preview: this.checked.slice(0, PREVIEW_ROWS).map((row) => previewOf(row, this.duplicates.has(row.line))),
      // A cell can be long (a pasted note): the screen shows its start, the report all of it.
      issues: issues.slice(0, ISSUES_SHOWN).map((i) => (i.value.length > 120 ? { ...i, value: `${i.value.slice(0, 120)}…` } : i)),
      issueCount: issues.length,
      ambiguousDates: [],
      dateOrder: order,
    }
  }

  /** Every error, likely duplicate and note, in row order, with the rows the file reader skipped. */
  issues(): ImportIssue[] {
    const checked = this.checked.flatMap((r) => r.issues)
    const skipped = this.file.skipped
    if (skipped.length === 0) return checked
    // Both lists are in row order: merged, not sorted (a million rows may have a problem each).
    const merged: ImportIssue[] = []
    let next = 0
    for (const issue of checked) {
      while (next < skipped.length && skipped[next].row < issue.row) merged.push(skipped[next++])
      merged.push(issue)
    }
    return merged.concat(skipped.slice(next))
  }

  /**
   * Saves the rows in one transaction, in the background. Settles once the transaction holds the
   * connection and the read cache answers from memory (ReadCache.during), or the save has already
   * ended: the screen's first poll, and its Cancel, sent after this answer, do not wait for the
   * database (as the receipt import's save).
   */
  async startCommit(ctx: CommandContext, options: { leaveOutBadRows: boolean; leaveOutDuplicates: boolean }): Promise<void> {
    if (this.phase !== 'checked' || !this.summary) throw new AppError('CONFLICT', 'Check the file before importing it')
    if (this.summary.withErrors > 0 && !options.leaveOutBadRows) {
      const n = this.summary.withErrors
      throw new AppError('VALIDATION', `${n} ${n === 1 ? 'row has' : 'rows have'} errors: fix the file and check it again, or choose to import without ${n === 1 ? 'it' : 'them'}`)
    }
    const rows = this.checked.filter((r) => r.customer && !(options.leaveOutDuplicates && this.duplicates.has(r.line)))
    if (rows.length === 0) throw new AppError('VALIDATION', 'There is no customer left to import')
    const job = this
    function* customers(): Generator<BulkCustomer> {
      for (const row of rows) {
        // Thrown inside the transaction: it rolls back, and nothing of the import is kept.
        job.stopIfCancelled()
        yield row.customer!
      }
    }
    let begun = () => {}
    const inside = new Promise<void>((resolve) => (begun = resolve))
    this.start('saving', rows.length, async () => {
      const result = await bulkInsertCustomers(ctx, customers(), {
        userId: ctx.user?.id ?? null,
        expectedRows: rows.length,
        phones: this.phones,
        onProgress: (inserted) => {
          this.done = inserted
        },
        // Between two batches: the event loop's turn, and a Cancel stops the save (rolled back).
        afterBatch: () => this.turn(),
        long: { begun },
      })
      this.saved = result.inserted
      this.done = result.inserted
      this.phase = 'saved'
      // Only the report is still needed: the rows themselves can go.
      this.file.rows.length = 0
      for (const row of this.checked) row.customer = null
      this.phones = new Map()
    })
    await Promise.race([inside, this.settled()])
  }
}

function emptySummary(): NonNullable<ImportStatus['summary']> {
  return { rows: 0, valid: 0, withErrors: 0, duplicates: 0, preview: [], issues: [], issueCount: 0, ambiguousDates: [], dateOrder: null }
}

function previewOf(row: CheckedRow, duplicate: boolean): ImportPreviewRow {
  const c = row.customer
  return {
    row: row.line,
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    phone: c?.phone ?? '',
    email: c?.email ?? '',
    dateOfBirth: c?.dateOfBirth ?? '',
    city: c?.city ?? '',
    zip: c?.zip ?? '',
    emailOptIn: c?.emailOptIn ?? false,
    notes: c?.notes ?? '',
    loyaltyPoints: c?.openingPoints ?? 0,
    flagReason: c?.flagReason ?? null,
    ok: Boolean(c),
    duplicate,
  }
}
