import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { syncAll, WorldClock, useSyncStores } from '../../support/sync/cluster'

/**
 * A receipt another store issued, emailed from this one: its date is the issuing store's local
 * time, as on the paper receipt and beside that store's name and address, not this store's.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()
const MAIL = { host: 'smtp.example.com', port: 587, security: 'starttls' as const, username: 'shop@example.com', fromName: 'Shop', fromAddress: 'shop@example.com', replyTo: '', attachPdf: false }
const local = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))

describe("emailing another store's receipt", () => {
  it("dates it in the issuing store's time zone", async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    const settings = await b.call('settings:get', {})
    if (!settings.ok) throw new Error('settings')
    expect((await b.call('settings:update', { ...settings.data, timeZone: 'Asia/Tokyo' })).ok).toBe(true)
    const sale = await a.call('sales:create', { items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 500 }], payments: [{ method: 'cash', amountMinor: 500 }] })
    if (!sale.ok) throw new Error('sale')
    await syncAll(stores)
    // The receipt view reads it on the same clock, which its business day counts on (A's, not B's Tokyo).
    expect(await b.call('receipts:get', { id: sale.data.id })).toMatchObject({
      ok: true,
      data: { storeTimeZone: 'America/New_York', localDate: sale.data.localDate },
    })
    expect((await b.call('mail:saveSettings', { ...MAIL, password: 'app password' })).ok).toBe(true)
    expect((await b.call('receipts:send', { receiptId: sale.data.id, to: 'ana@example.org' })).ok).toBe(true)
    // No server answers here: the message waits in B's outbox, as rendered.
    const row = await b.core.services.db('mail_outbox').first('raw')
    const text = (await simpleParser(row.raw)).text ?? ''
    expect(text).toContain(local(sale.data.createdAt, 'America/New_York'))
    expect(text).not.toContain(local(sale.data.createdAt, 'Asia/Tokyo'))
  })
})
