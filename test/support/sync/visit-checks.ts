import { DEAL_MOVES, type DealStatus } from '../../../electron/contract/deals'
import type { SyncStore } from './cluster'
import { readTogether } from './checks'

/**
 * Visits, deals and appointments once every store has every entry: at most one open visit per
 * customer per store, and every cache equal to what its rows say, worked out here again in
 * plain JavaScript, a different way from the app's (visits/settle.ts and the caches' SQL).
 */
type Row = Record<string, unknown> & { id: string; hlc: string }

const later = (a: Row, b: Row) => a.hlc > b.hlc || (a.hlc === b.hlc && a.id > b.id)
const latestOf = <T extends Row>(rows: T[]) => rows.reduce<T | undefined>((a, b) => (!a || later(b, a) ? b : a), undefined)

/**
 * Whether the stay that `out` closed was over when `visit` came: checked out before it (by HLC),
 * or automatically at a midnight the check-in is not before (by its time, or its store day).
 */
function over(out: Row, visit: Row, visits: Row[]): boolean {
  if (!(out.hlc > visit.hlc)) return true
  if (out.kind !== 'automatic') return false
  const closed = visits.find((v) => v.id === out.visit_id)
  return String(visit.checked_in_at) >= String(out.checked_out_at) || (closed !== undefined && String(visit.local_date) > String(closed.local_date))
}

/** Each visit's expected caches: a visit is kept unless, walking back through kept visits, the last one was still open when it came. */
function expectedVisits(visits: Row[], outs: Row[]): Map<string, Record<string, unknown>> {
  const expected = new Map<string, Record<string, unknown>>()
  const sorted = [...visits].sort((a, b) => (later(a, b) ? 1 : -1))
  const ownOuts = (ids: string[]) => outs.filter((o) => ids.includes(String(o.visit_id)))
  const earliest = (rows: Row[]) => rows.reduce<Row | undefined>((a, b) => (!a || later(a, b) ? b : a), undefined)
  const kept: { visit: Row; members: string[] }[] = []
  for (const visit of sorted) {
    const host = kept.at(-1)
    // The host's check-out is the earliest of its own and of those merged into it so far.
    const out = host && earliest(ownOuts(host.members))
    if (host && (!out || !over(out, visit, visits))) host.members.push(visit.id)
    else kept.push({ visit, members: [visit.id] })
  }
  for (const { visit, members } of kept) {
    const out = earliest(ownOuts(members))
    expected.set(visit.id, {
      open: out ? 0 : 1,
      merged_into: null,
      checked_out_at: out?.checked_out_at ?? null,
      checkout_kind: out?.kind ?? null,
      final_deal_id: out?.deal_id ?? visit.deal_id ?? null,
    })
    for (const member of members.slice(1)) expected.set(member, { open: 0, merged_into: visit.id, checked_out_at: null, checkout_kind: null, final_deal_id: null })
  }
  return expected
}

export async function visitCacheProblems(store: SyncStore): Promise<string[]> {
  const problems: string[] = []
  const [visits, outs, events, deals, changes, appointments] = (await readTogether(store, [
    'SELECT * FROM visits',
    'SELECT * FROM visit_checkouts',
    'SELECT * FROM deal_events',
    'SELECT * FROM deals',
    'SELECT * FROM appointment_events',
    'SELECT * FROM appointments',
  ])) as Row[][]
  const groups = new Map<string, Row[]>()
  for (const visit of visits) groups.set(`${visit.customer_id} ${visit.store_id}`, [...(groups.get(`${visit.customer_id} ${visit.store_id}`) ?? []), visit])
  for (const [group, rows] of groups) {
    if (rows.filter((v) => v.open === 1).length > 1) problems.push(`${store.name} ${group}: more than one open visit`)
    const expected = expectedVisits(rows, outs.filter((o) => rows.some((v) => v.id === o.visit_id)))
    for (const visit of rows) {
      for (const [column, value] of Object.entries(expected.get(visit.id)!)) {
        if (visit[column] !== value) problems.push(`${store.name} visit ${visit.id}: ${column} is ${JSON.stringify(visit[column])}, its rows say ${JSON.stringify(value)}`)
      }
    }
  }
  for (const deal of deals) {
    const mine = events.filter((e) => e.deal_id === deal.id)
    // The status path: the opening, then each status event (by HLC, id) that is a move the deal could make from the last one kept.
    const path = mine
      .filter((e) => e.status !== null)
      .sort((a, b) => (later(a, b) ? 1 : -1))
      .reduce<Row[]>((kept, e) => (kept.length === 0 || DEAL_MOVES[kept.at(-1)!.status as DealStatus].includes(e.status as DealStatus) ? [...kept, e] : kept), [])
    const status = path.at(-1)
    const lastOn = (value: DealStatus) => path.filter((e) => e.status === value).at(-1)?.created_at ?? null
    const assigned = latestOf(mine.filter((e) => e.assigned_user_id !== null))
    const want = {
      status: status?.status ?? 'open',
      status_note: status?.note ?? null,
      status_at: status?.created_at ?? null,
      assigned_user_id: assigned?.assigned_user_id ?? null,
      sold_at: lastOn('sold'),
      delivered_at: lastOn('delivered'),
      lost_at: lastOn('lost'),
    }
    for (const [column, value] of Object.entries(want)) if (deal[column] !== value) problems.push(`${store.name} deal ${deal.id}: ${column}`)
    // One consistent state: delivered is where a deal ends, so it has a delivery date exactly when it is delivered.
    if ((deal.delivered_at !== null) !== (deal.status === 'delivered')) problems.push(`${store.name} deal ${deal.id}: ${deal.status} with delivered_at ${JSON.stringify(deal.delivered_at)}`)
  }
  for (const appointment of appointments) {
    const mine = changes.filter((e) => e.appointment_id === appointment.id)
    const field = (column: string) => latestOf(mine.filter((e) => e[column] !== null))?.[column] ?? null
    const want = { local_start: field('local_start'), staff_id: field('staff_id'), note: field('note'), status: field('status') ?? 'scheduled' }
    for (const [column, value] of Object.entries(want)) if (appointment[column] !== value) problems.push(`${store.name} appointment ${appointment.id}: ${column}`)
  }
  return problems
}
