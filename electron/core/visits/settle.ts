/**
 * How a customer's check-ins and check-outs at one store settle into visits, the same way on
 * every store whatever order the rows arrived in: a pure function of the rows.
 *
 * Check-ins are taken in (HLC, id) order. One that comes while an earlier kept visit is still
 * open (not checked out before it, by HLC) is a second check-in of the same stay, made on
 * another PC that did not know yet: it is merged into that visit. A visit's check-out is the
 * earliest (by HLC, id) of its own and of those merged into it. So one customer has at most one
 * open visit per store, and a check-in made after the customer was seen leaving starts a new
 * one (HLC is causal: a check-in made after seeing a check-out has the later stamp).
 *
 * An automatic check-out is the exception: it is dated at the store's midnight but stamped when
 * a PC next starts its day (the next morning, or days later), so a check-in made that morning on
 * a PC that never saw the visit may have the earlier stamp. A check-in dated at or after an
 * automatic check-out, or on a later store day than the visit it closed, starts a visit of its
 * own: the stay ended at midnight whoever learned it when.
 */
export interface CheckIn {
  id: string
  hlc: string
  deal_id: string | null
  checked_in_at: string
  local_date: string
}

export interface CheckOut {
  id: string
  visit_id: string
  hlc: string
  checked_out_at: string
  user_id: string | null
  kind: string
  deal_id: string | null
}

/** The cache columns of a visit row. */
export interface VisitState {
  open: number
  merged_into: string | null
  checked_out_at: string | null
  checked_out_by: string | null
  checkout_kind: string | null
  checkout_hlc: string | null
  final_deal_id: string | null
}

const before = (a: { hlc: string; id: string }, b: { hlc: string; id: string }) => a.hlc < b.hlc || (a.hlc === b.hlc && a.id < b.id)

/** Whether a visit whose check-out is `out` (if any) was over when `visit` checked in. */
function endedBefore(out: CheckOut | undefined, visit: CheckIn, dayOf: ReadonlyMap<string, string>): boolean {
  if (!out) return false
  if (out.hlc <= visit.hlc) return true
  const closedDay = dayOf.get(out.visit_id)
  return out.kind === 'automatic' && (visit.checked_in_at >= out.checked_out_at || (closedDay !== undefined && visit.local_date > closedDay))
}

/** `checkIns` and `checkOuts` of one customer at one store, in any order. */
export function settleVisits(checkIns: readonly CheckIn[], checkOuts: readonly CheckOut[]): Map<string, VisitState> {
  const earliestOut = new Map<string, CheckOut>()
  for (const out of checkOuts) {
    const known = earliestOut.get(out.visit_id)
    if (!known || before(out, known)) earliestOut.set(out.visit_id, out)
  }
  const dayOf = new Map(checkIns.map((visit) => [visit.id, visit.local_date]))
  const kept: { visit: CheckIn; out: CheckOut | undefined }[] = []
  const merged = new Map<string, string>()
  for (const visit of [...checkIns].sort((a, b) => (before(a, b) ? -1 : 1))) {
    const own = earliestOut.get(visit.id)
    // Kept visits never overlap, so only the latest can still be open.
    const host = kept.at(-1)
    if (host && !endedBefore(host.out, visit, dayOf)) {
      merged.set(visit.id, host.visit.id)
      if (own && (!host.out || before(own, host.out))) host.out = own
      continue
    }
    kept.push({ visit, out: own })
  }
  const states = new Map<string, VisitState>()
  for (const [id, into] of merged) {
    states.set(id, { open: 0, merged_into: into, checked_out_at: null, checked_out_by: null, checkout_kind: null, checkout_hlc: null, final_deal_id: null })
  }
  for (const { visit, out } of kept) {
    states.set(visit.id, {
      open: out ? 0 : 1,
      merged_into: null,
      checked_out_at: out?.checked_out_at ?? null,
      checked_out_by: out?.user_id ?? null,
      checkout_kind: out?.kind ?? null,
      checkout_hlc: out?.hlc ?? null,
      // The deal picked at check-out (several were open), else the one found at check-in.
      final_deal_id: out?.deal_id ?? visit.deal_id,
    })
  }
  return states
}
