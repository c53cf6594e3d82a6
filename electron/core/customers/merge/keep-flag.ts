import type { Writer } from '../../db/changelog'
import { appendFlagEvent, flagState } from '../flag-events'

/**
 * A flag on either customer at the time of the merge stays on the survivor. The flag is the
 * latest event of both customers' events once they are one, so a merged customer flagged and
 * later un-flagged (or un-flagged at another store, offline, before the merge) would otherwise
 * clear the survivor's own, older flag ("bounced cheque") with its later un-flag. The merge
 * writes the flag again as an ordinary flag event at its own time, so every store, whatever
 * order the events reach it in, takes the same latest event from the same synced rows; a flag
 * or un-flag made after the merge still decides, as always. The survivor's reason wins when
 * both are flagged. Called before the merged customer's events move.
 */
export async function keepFlag(w: Writer, survivorId: string, mergedId: string): Promise<void> {
  const survivor = await flagState(w.trx, survivorId)
  const merged = await flagState(w.trx, mergedId)
  const kept = survivor.flagged ? survivor : merged.flagged ? merged : null
  if (kept) await appendFlagEvent(w, survivorId, 'flagged', kept.reason ?? '')
}
