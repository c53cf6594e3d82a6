import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ImportIssue, ImportPreviewRow, ImportStatus, ImportTarget } from '../../../contract/imports'
import type { CommandContext } from '../../context'
import { AppError } from '../../errors'
import { storageError } from '../../storage/errors'
import { bulkInsertCustomers, type BulkCustomer } from '../bulk'
import type { FormContext, PhoneMemo } from '../form'
import { dayOrderOf, type DayOrder } from '../../imports/dates'
import { markDuplicates, SavedMatches } from './duplicates'
import type { ReadFile } from '../../imports/read-file'
import { checkRow, type CheckedRow } from './rows'
import type { KnownSystem } from './systems'
import { refuseTakenValues } from './unique'

/** Rows checked between two looks at the event loop: other commands (and Cancel) get their turn. */
const SLICE = 500
const PREVIEW_ROWS = 20
const ISSUES_SHOWN = 200

const DATE_TARGETS: readonly ImportTarget[] = ['dateOfBirth', 'anniversary', 'driversLicenseExpiry', 'medicalExpiry', 'createdAt']

class Cancelled extends Error {}

/**
 * One import, from the picked file to the saved customers, held in memory for the session
 * that picked it (nothing is written before the user confirms). Checking and saving run in
 * the background; the screen polls the status, and Cancel stops either. Saving is one
 * transaction: a cancel or a failure rolls all of it back.
 */
export class ImportJob {
  phase: ImportStatus['phase'] = 'read'
  done = 0
  total: number
  /** The mapping of the last check: what its rows were read as, and so which permissions the save asks for. */
  mapping: readonly ImportTarget[] = []
  private checked: CheckedRow[] = []
  private duplicates = new Set<number>()
  /** The phones the check parsed, for the save to reuse (FormContext.phones). */
  private phones: PhoneMemo = new Map()
  private summary: ImportStatus['summary'] = null
  private saved: number | null = null
  private failure: string | null = null
  private cancelled = false
  private running: Promise<void> | null = null

  constructor(
    readonly id: string,
    readonly sessionKey: string,
    readonly file: ReadFile,
    readonly system: KnownSystem | null,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.total = file.rows.length
  }

  get busy(): boolean {
    return this.phase === 'checking' || this.phase === 'saving'
  }

  status(): ImportStatus {
    return { id: this.id, phase: this.phase, done: this.done, total: this.total, summary: this.summary, saved: this.saved, failure: this.failure }
  }

  /** Settles when the background work started last has stopped. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  startCheck(mapping: readonly ImportTarget[], dateOrder: DayOrder | 'auto', rules: { storeId: string; form: FormContext; nowIso: string; ctx: CommandContext }): void {
    this.reset('checking', this.file.rows.length)
    this.mapping = mapping
    this.running = this.background(async () => {
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
          await nextTurn()
          if (this.cancelled) throw new Cancelled()
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

  startCommit(ctx: CommandContext, options: { leaveOutBadRows: boolean; leaveOutDuplicates: boolean }): void {
    if (this.phase !== 'checked' || !this.summary) throw new AppError('CONFLICT', 'Check the file before importing it')
    if (this.summary.withErrors > 0 && !options.leaveOutBadRows) {
      const n = this.summary.withErrors
      throw new AppError('VALIDATION', `${n} ${n === 1 ? 'row has' : 'rows have'} errors: fix the file and check it again, or choose to import without ${n === 1 ? 'it' : 'them'}`)
    }
    const rows = this.checked.filter((r) => r.customer && !(options.leaveOutDuplicates && this.duplicates.has(r.line)))
    if (rows.length === 0) throw new AppError('VALIDATION', 'There is no customer left to import')
    this.reset('saving', rows.length)
    const job = this
    function* customers(): Generator<BulkCustomer> {
      for (const row of rows) {
        // Thrown inside the transaction: it rolls back, and nothing of the import is kept.
        if (job.cancelled) throw new Cancelled()
        yield row.customer!
      }
    }
    this.running = this.background(async () => {
      const result = await bulkInsertCustomers(ctx, customers(), {
        userId: ctx.user?.id ?? null,
        expectedRows: rows.length,
        phones: this.phones,
        onProgress: (inserted) => {
          this.done = inserted
        },
      })
      this.saved = result.inserted
      this.done = result.inserted
      this.phase = 'saved'
      // Only the report is still needed: the rows themselves can go.
      this.file.rows.length = 0
      for (const row of this.checked) row.customer = null
      this.phones = new Map()
    })
  }

  /**
   * Stops the check or save in progress; what the save had written is rolled back. The work
   * says how it ended: a cancel that comes after the last row was handed over finds the save
   * finishing, and it is saved ("cancelled" said nothing was saved while every row was). With
   * nothing running (checked, failed…) there is nothing to stop and the phase stays.
   */
  async cancel(): Promise<void> {
    if (this.phase === 'saved') throw new AppError('CONFLICT', 'This import has already been saved')
    if (!this.busy) return
    this.cancelled = true
    await this.settled()
  }

  private reset(phase: ImportStatus['phase'], total: number): void {
    this.phase = phase
    this.done = 0
    this.total = total
    this.failure = null
    this.cancelled = false
    if (phase === 'checking') this.summary = null
  }

  private async background(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (error instanceof Cancelled) {
        this.phase = 'cancelled'
        return
      }
      this.phase = 'failed'
      const known = error instanceof AppError ? error : storageError(error)
      if (known) this.failure = known.message
      else {
        // What the log may say: the kind of failure and where, never the file's values.
        this.log(`import failed: ${error instanceof Error ? `${error.name}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : 'non-error thrown'}`)
        this.failure = 'Something went wrong. Nothing was imported.'
      }
    }
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
