import { randomUUID } from 'node:crypto'
import type { RawSqlite } from '../raw-sqlite'

/**
 * The same jobs as visits:today, visits:checkIn and visits:checkOut, written by hand against
 * sqlite3 with prepared statements: the same reads through the same indexes, the same rows and
 * change-log entries written in one transaction. The "raw SQL" side of the comparison.
 */
const REF = 'c.first_name, c.last_name, c.flagged, c.flag_reason'

export function rawVisits(raw: RawSqlite, storeId: string, userId: string) {
  const inStore = raw.prepare(
    `SELECT v.*, ${REF}, u.display_name AS checked_in_by_name, d.status AS deal_status, ds.display_name AS deal_staff,
            (SELECT COUNT(*) FROM deals AS o WHERE o.customer_id = v.customer_id AND o.status = 'open') AS open_deals
     FROM visits AS v JOIN customers AS c ON c.id = v.customer_id LEFT JOIN users AS u ON u.id = v.checked_in_by
     LEFT JOIN deals AS d ON d.id = v.deal_id LEFT JOIN users AS ds ON ds.id = d.assigned_user_id
     WHERE v.store_id = ? AND v.open = 1 ORDER BY v.checked_in_at, v.id`,
  )
  const appointments = raw.prepare(
    `SELECT a.*, ${REF}, u.display_name AS staff_name, s.name AS store_name, s.time_zone,
            EXISTS (SELECT 1 FROM visits AS v WHERE v.customer_id = a.customer_id AND v.store_id = a.store_id AND v.local_date = a.local_date
              AND (a.status IS NOT 'cancelled' OR v.hlc < (SELECT e.hlc FROM appointment_events AS e WHERE e.appointment_id = a.id AND e.status IS NOT NULL ORDER BY e.hlc DESC, e.id DESC LIMIT 1))) AS shown
     FROM appointments AS a JOIN customers AS c ON c.id = a.customer_id JOIN stores AS s ON s.id = a.store_id LEFT JOIN users AS u ON u.id = a.staff_id
     WHERE a.local_start IS NOT NULL AND a.store_id = ? AND a.local_date BETWEEN ? AND ? ORDER BY a.local_start, a.id LIMIT 2000`,
  )
  const left = raw.prepare(
    `SELECT v.id, v.customer_id, v.checked_in_at, v.checked_out_at, v.checkout_kind, u.display_name AS by, ${REF}
     FROM visits AS v JOIN customers AS c ON c.id = v.customer_id LEFT JOIN users AS u ON u.id = v.checked_out_by
     WHERE v.store_id = ? AND v.checked_out_at >= ? AND v.checked_out_at < ? ORDER BY v.checked_out_at DESC, v.id DESC LIMIT 100`,
  )
  const leftCount = raw.prepare('SELECT COUNT(*) AS n FROM visits WHERE store_id = ? AND checked_out_at >= ? AND checked_out_at < ?')
  const customer = raw.prepare('SELECT id, active FROM customers WHERE id = ? AND erased_at IS NULL')
  const openVisit = raw.prepare<{ id: string; deal_id: string | null }>('SELECT * FROM visits WHERE store_id = ? AND customer_id = ? AND open = 1')
  const activeDeals = raw.prepare<{ id: string; status: string }>("SELECT id, status, assigned_user_id FROM deals WHERE customer_id = ? AND status IN ('open', 'sold')")

  const log = (tx: string, size: number, table: string, rowId: string, value: object, at: string, hlc: string) =>
    raw.run(
      `INSERT INTO change_log (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version)
       VALUES (?, ?, ?, 'append', ?, ?, NULL, ?, NULL, ?, ?, ?, ?, 1)`,
      [randomUUID(), tx, size, table, rowId, JSON.stringify(value), hlc, storeId, userId, at],
    )
  let counter = 0
  const hlc = () => `${String(Date.now()).padStart(15, '0')}-${String(++counter % 1_000_000).padStart(6, '0')}-raw`

  return {
    async today(date: string, dayStart: string, dayEnd: string) {
      return Promise.all([inStore([storeId]), appointments([storeId, date, date]), left([storeId, dayStart, dayEnd]), leftCount([storeId, dayStart, dayEnd])])
    },
    /** A check-in that opens a deal when the customer has none active, as the core's does. */
    async checkIn(customerId: string, localDate: string) {
      await raw.exec('BEGIN IMMEDIATE')
      try {
        const at = new Date().toISOString()
        const tx = randomUUID()
        if (!(await customer([customerId]))[0]) throw new Error('no such customer')
        if ((await openVisit([storeId, customerId])).length) throw new Error('already in')
        const deals = await activeDeals([customerId])
        let dealId = deals.find((d) => d.status === 'open')?.id
        const size = dealId ? 1 : 3
        if (!dealId) {
          dealId = randomUUID()
          const deal = { store_id: storeId, customer_id: customerId, created_by: userId, created_at: at }
          await raw.run('INSERT INTO deals (id, store_id, customer_id, created_by, created_at, assigned_user_id) VALUES (?, ?, ?, ?, ?, ?)', [dealId, storeId, customerId, userId, at, userId])
          await log(tx, size, 'deals', dealId, deal, at, hlc())
          const eventId = randomUUID()
          const event = { deal_id: dealId, customer_id: customerId, store_id: storeId, status: 'open', assigned_user_id: userId, user_id: userId, hlc: hlc(), created_at: at }
          await raw.run('INSERT INTO deal_events (id, deal_id, customer_id, store_id, status, assigned_user_id, user_id, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
            eventId, dealId, customerId, storeId, 'open', userId, userId, event.hlc, at,
          ])
          await log(tx, size, 'deal_events', eventId, event, at, event.hlc)
        }
        const visitId = randomUUID()
        const visit = { store_id: storeId, customer_id: customerId, deal_id: dealId, return_visit: 0, checked_in_by: userId, checked_in_at: at, local_date: localDate, hlc: hlc() }
        await raw.run('INSERT INTO visits (id, store_id, customer_id, deal_id, return_visit, checked_in_by, checked_in_at, local_date, hlc, final_deal_id) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)', [
          visitId, storeId, customerId, dealId, userId, at, localDate, visit.hlc, dealId,
        ])
        await log(tx, size, 'visits', visitId, visit, at, visit.hlc)
        await raw.exec('COMMIT')
        return visitId
      } catch (error) {
        await raw.exec('ROLLBACK')
        throw error
      }
    },
    async checkOut(customerId: string) {
      await raw.exec('BEGIN IMMEDIATE')
      try {
        const at = new Date().toISOString()
        const [visit] = await openVisit([storeId, customerId])
        if (!visit) throw new Error('not in')
        const deals = await activeDeals([customerId])
        const dealId = visit.deal_id ?? deals[0]?.id ?? null
        const id = randomUUID()
        const out = { visit_id: visit.id, customer_id: customerId, store_id: storeId, deal_id: dealId, kind: 'manual', checked_out_at: at, user_id: userId, hlc: hlc(), created_at: at }
        await raw.run('INSERT INTO visit_checkouts (id, visit_id, customer_id, store_id, deal_id, kind, checked_out_at, user_id, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          id, visit.id, customerId, storeId, dealId, 'manual', at, userId, out.hlc, at,
        ])
        await raw.run("UPDATE visits SET open = 0, checked_out_at = ?, checked_out_by = ?, checkout_kind = 'manual', checkout_hlc = ?, final_deal_id = ? WHERE id = ?", [at, userId, out.hlc, dealId, visit.id])
        await log(randomUUID(), 1, 'visit_checkouts', id, out, at, out.hlc)
        await raw.exec('COMMIT')
      } catch (error) {
        await raw.exec('ROLLBACK')
        throw error
      }
    },
  }
}
