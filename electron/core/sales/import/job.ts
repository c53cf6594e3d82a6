import type { ImportIssue } from '../../../contract/imports'
import type { ReceiptImportResult, ReceiptImportStatus, ReceiptImportSummary } from '../../../contract/receipt-imports'
import { requireStoreId, transact, type CommandContext } from '../../context'
import { AppError } from '../../errors'
import { ImportJobBase } from '../../imports/job'
import type { ReadFile } from '../../imports/read-file'
import { loadStoreTerms } from '../../stores/terms'
import { checkReceiptFile, type CheckProgress, type CheckRules } from './check'
import { writeReceipts } from './write'

/**
 * Receipts written between two turns of the event loop. Each receipt is a few statements, each
 * answered on SQLite's thread, so the loop turns between them anyway; the turn is where tests'
 * pacing pauses a save.
 */
const WRITE_SLICE = 100

/** What a check was asked: the save checks again the same way. */
export type CheckChoices = Pick<CheckRules, 'dateOrder' | 'awardPoints'>

/**
 * One receipt import, from the picked file to the saved receipts (ImportJobBase: held for the
 * session that picked it, checked and saved in the background, polled, cancelled). The check reads
 * only; the save is one transaction that checks the file again inside it (a receipt saved or a
 * customer changed since the preview is seen) and then writes every receipt: a cancel, a failure
 * or an error found on that second look rolls all of it back.
 */
export class ReceiptImportJob extends ImportJobBase {
  /** What done and total count now. */
  private counting: ReceiptImportStatus['counting'] = 'lines'
  /** What the last check was asked, once it found nothing in the way of a save; null otherwise, and once saved. */
  checked: CheckChoices | null = null
  /** Every problem the last check found, for the report; null before a check. */
  issues: ImportIssue[] | null = null
  private summary: ReceiptImportSummary | null = null
  private result: ReceiptImportResult | null = null

  constructor(
    id: string,
    sessionKey: string,
    readonly file: ReadFile,
    log?: (message: string) => void,
    sliceDelayMs?: number,
  ) {
    super(id, sessionKey, log, sliceDelayMs)
    this.total = file.rows.length
  }

  status(): ReceiptImportStatus {
    const { id, phase, counting, done, total, summary, result, failure } = this
    return { id, phase, counting, done, total, summary, result, failure }
  }

  /** The job's side of CheckProgress: lines counted, and a turn of the event loop (where a cancel stops the check). */
  private readonly progress: CheckProgress = {
    linesRead: async (lines) => {
      this.done = lines
      await this.turn()
    },
    pause: () => this.turn(),
  }

  startCheck(ctx: CommandContext, choices: CheckChoices): void {
    this.summary = null
    this.checked = null
    // The report is this check's: a check stopped or failed leaves none from the one before.
    this.issues = null
    this.counting = 'lines'
    this.start('checking', this.file.rows.length, async () => {
      const terms = await loadStoreTerms(ctx.db, requireStoreId(ctx))
      const { summary, issues } = await checkReceiptFile(ctx.db, this.file, { terms, now: ctx.now(), ...choices, progress: this.progress })
      this.issues = issues
      this.summary = summary
      const ambiguous = summary.ambiguousDates.length > 0
      this.checked = ambiguous || summary.errors ? null : { dateOrder: summary.dateOrder ?? 'auto', awardPoints: choices.awardPoints }
      this.phase = ambiguous ? 'needs-date-order' : 'checked'
    })
  }

  /**
   * Saves every receipt of the checked file in one transaction, checked again inside it (the
   * lines counted as they are read again, then the receipts as they are written). Settles once
   * the transaction has begun and the read cache answers from memory (ReadCache.during), or the
   * save has already ended: the screen's first poll, sent after this answer, does not wait for
   * the database (a poll sent between BEGIN and that moment would wait for the whole save).
   */
  async startCommit(ctx: CommandContext): Promise<void> {
    const checked = this.checked
    if (this.phase !== 'checked' || !checked) throw new AppError('CONFLICT', 'Check the file first: it is imported only once the preview shows no error')
    const storeId = requireStoreId(ctx)
    this.counting = 'lines'
    let begun = () => {}
    const inside = new Promise<void>((resolve) => (begun = resolve))
    this.start('saving', this.file.rows.length, async () => {
      const result = await transact(
        ctx,
        storeId,
        async (w) => {
          begun()
          const terms = await loadStoreTerms(w.trx, storeId)
          const { summary, plan } = await checkReceiptFile(w.trx, this.file, { terms, now: ctx.now(), ...checked, progress: this.progress })
          if (summary.errors > 0 || summary.ambiguousDates.length > 0) {
            throw new AppError('VALIDATION', `The file has ${summary.errors || 'new'} ${summary.errors === 1 ? 'error' : 'errors'} since it was checked: check it again. Nothing was imported.`)
          }
          this.counting = 'receipts'
          this.done = 0
          this.total = plan.length
          const points = await writeReceipts(w, terms, plan, checked.awardPoints, async (receipts) => {
            this.done = receipts
            // Thrown inside the transaction: it rolls back, and no receipt of the file is kept.
            this.stopIfCancelled()
            if (receipts % WRITE_SLICE === 0) await this.turn()
          })
          return { imported: plan.length, alreadyImported: summary.alreadyImported, points }
        },
        { long: true },
      )
      this.result = result
      this.phase = 'saved'
      // Saved: a second save would find every receipt taken.
      this.checked = null
    })
    await Promise.race([inside, this.settled()])
  }
}
