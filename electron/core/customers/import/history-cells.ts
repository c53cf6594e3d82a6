import { IMPORT_TARGET_LABELS, importedFlagReasonSchema, importedPointsSchema, type ImportIssue } from '../../../contract/imports'
import { readPoints, readYesNo } from './values'

/**
 * The cells of a row that carry what the old system knew beyond the form: its loyalty points,
 * whether the customer was flagged and why. Read one by one (rows.ts), then put together into
 * what the save writes as history (bulk-history.ts).
 */

/** What a row says of the customer's points and flag, cell by cell, before they are put together. */
export interface History {
  points?: number
  flagged?: boolean
  reason?: { value: string; header: string }
  /** The reason's or the flag's cell was refused: its own error says why, not a second message. */
  reasonRefused?: boolean
  flagRefused?: boolean
}

/** One cell of points, flag or flag reason, read by the rule of what it becomes (a bad one is the row's error). */
export function readHistory(target: 'loyaltyPoints' | 'flagged' | 'flagReason', value: string, header: string, history: History, error: (field: string, value: string, message: string) => void): void {
  const label = IMPORT_TARGET_LABELS[target]
  if (target === 'flagged') {
    const yes = readYesNo(value)
    if (yes === undefined) {
      history.flagRefused = true
      return error(label, value, 'Use yes or no')
    }
    history.flagged = yes
    return
  }
  if (target === 'flagReason') {
    const reason = importedFlagReasonSchema.safeParse(value)
    if (!reason.success) {
      history.reasonRefused = true
      return error(label, value, reason.error.issues[0].message)
    }
    history.reason = { value: reason.data, header }
    return
  }
  const points = readPoints(value)
  if (Number.isNaN(points)) return error(label, value, 'Not a number of points (use e.g. 250)')
  const checked = importedPointsSchema.safeParse(points)
  if (!checked.success) return error(label, value, checked.error.issues[0].message)
  history.points = checked.data
}

/**
 * The row's opening balance and flag. A customer with points joins the loyalty programme unless
 * the file says they had left it (they keep the points, which can then be removed, not added
 * to: loyalty:adjust). A flag needs its reason, as at the desk; a reason without a flag (a ban
 * lifted in the old system) is not a flag, and goes to Notes so it is not lost.
 */
export function settleHistory(history: History, input: Record<string, unknown>, notes: string[], line: number, issues: ImportIssue[]) {
  const points = history.points ?? 0
  if (points > 0 && input.loyaltyEnrolled === undefined) input.loyaltyEnrolled = true
  else if (points > 0 && input.loyaltyEnrolled === false) {
    issues.push({ row: line, kind: 'note', field: IMPORT_TARGET_LABELS.loyaltyPoints, value: String(points), message: 'Not enrolled in loyalty: the points are kept, and can be removed but not added to' })
  }
  let flagReason: string | undefined
  if (history.flagged) {
    if (history.reason) flagReason = history.reason.value
    else if (!history.reasonRefused) issues.push({ row: line, kind: 'error', field: IMPORT_TARGET_LABELS.flagReason, value: '', message: 'Give a reason for flagging' })
  } else if (history.reason && !history.flagRefused) {
    notes.push(`${history.reason.header}: ${history.reason.value}`)
    issues.push({ row: line, kind: 'note', field: IMPORT_TARGET_LABELS.flagReason, value: history.reason.value, message: 'Not flagged: the reason is kept in Notes' })
  }
  return { ...(points > 0 ? { openingPoints: points } : {}), ...(flagReason ? { flagReason } : {}) }
}
