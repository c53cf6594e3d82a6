// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CustomerRow } from '@contract/customers'
import { discardParkedSale, listParkedSales, MAX_PARKED_SALES, parkSale, resumeParkedSale, type ParkedSaleValues } from '../../renderer/src/sales/parkedSales'
import { customersOfDrafts, forgetDraftsAbout } from '../../renderer/src/ui/form/useFormDraft'

/**
 * Parked sales (guide 002) in happy-dom's localStorage: the list's rules, and the erase's sweep.
 * The queue is the store's desk's (every user at this PC serves it), kept under the store's id.
 */
const STORE = 'store-corner'
const OTHER_STORE = 'store-harbour'
const ADA = 'ada-user'
const BEN = 'ben-user'

function sale(name: string, customerId: string | null = null, requestId = crypto.randomUUID()): ParkedSaleValues {
  const customer = customerId ? ({ id: customerId, firstName: customerId, lastName: null, email: `${customerId}@example.com` } as unknown as CustomerRow) : null
  return {
    customer,
    items: [{ key: 1, name, quantity: 1, unitPrice: 4.2, taxRateId: null }],
    payments: [{ key: 2, method: 'cash', amount: null, reference: '', points: null }],
    requestId,
    totalMinor: 420,
  }
}
const names = (storeId = STORE) => listParkedSales(storeId).map((parked) => parked.sale.items[0]!.name)
/** A sale as the last version parked it: under the user's id, at `savedAt`. */
function parkedByUser(userId: string, id: string, values: ParkedSaleValues, savedAt: string) {
  const about = values.customer ? { customerId: values.customer.id } : {}
  localStorage.setItem(`backroom:parked-sale:${userId}:${id}`, JSON.stringify({ savedAt, values, ...about }))
}

beforeEach(() => {
  localStorage.clear()
  vi.useRealTimers()
})

describe('parked sales', () => {
  it('lists the store’s parked sales, the longest waiting first, with their names, and no other store’s', () => {
    vi.useFakeTimers({ now: new Date('2026-06-15T10:00:00Z'), toFake: ['Date'] })
    expect(parkSale(STORE, { ...sale('Tea'), name: 'Lady in the red coat' })).toBe('parked')
    vi.setSystemTime(new Date('2026-06-15T10:05:00Z'))
    expect(parkSale(STORE, sale('Coffee'))).toBe('parked')
    expect(parkSale(OTHER_STORE, sale('Scarf'))).toBe('parked')
    expect(names()).toEqual(['Tea', 'Coffee'])
    expect(names(OTHER_STORE)).toEqual(['Scarf'])
    expect(listParkedSales(STORE)[0]).toMatchObject({ parkedAt: '2026-06-15T10:00:00.000Z', sale: { totalMinor: 420, name: 'Lady in the red coat' } })
  })

  it('refuses a sale past the cap, keeping every one parked: the cap is the whole queue’s', () => {
    for (let n = 0; n < MAX_PARKED_SALES; n++) expect(parkSale(STORE, sale(`Item ${n}`))).toBe('parked')
    expect(parkSale(STORE, sale('One too many'))).toBe('full')
    expect(listParkedSales(STORE)).toHaveLength(MAX_PARKED_SALES)
    expect(names()).not.toContain('One too many')
  })

  it('moves sales parked under users’ ids into the store’s queue on first read, each with its time and customer, none lost', () => {
    const grace = sale('For Grace', 'grace-id')
    parkedByUser(ADA, 'a1', grace, '2026-06-15T09:00:00.000Z')
    parkedByUser(BEN, 'b1', { ...sale('Scarf'), name: 'Tall man' }, '2026-06-15T08:00:00.000Z')
    // Past the cap together: every one is kept, and the queue takes no more until it is under.
    for (let n = 0; n < MAX_PARKED_SALES; n++) parkedByUser(BEN, `b-${n}`, sale(`Old ${n}`), '2026-06-15T09:30:00.000Z')
    const queue = listParkedSales(STORE)
    expect(queue).toHaveLength(MAX_PARKED_SALES + 2)
    expect(queue.slice(0, 2)).toMatchObject([
      { id: 'b1', parkedAt: '2026-06-15T08:00:00.000Z', sale: { name: 'Tall man' } },
      { id: 'a1', parkedAt: '2026-06-15T09:00:00.000Z', sale: { requestId: grace.requestId } },
    ])
    expect(Object.keys(localStorage).filter((key) => !key.startsWith(`backroom:parked-sale:store:${STORE}:`))).toEqual([])
    expect(parkSale(STORE, sale('One too many'))).toBe('full')
    expect(listParkedSales(STORE)).toHaveLength(MAX_PARKED_SALES + 2)
    // Moved with the customer they are about: their erase still sweeps them.
    forgetDraftsAbout('grace-id')
    expect(names()).not.toContain('For Grace')
  })

  it('lists a sale parked under a user from where it is while storage refuses to move it, and resumes it from there', () => {
    parkedByUser(ADA, 'a1', sale('Tea'), '2026-06-15T09:00:00.000Z')
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError')
    })
    try {
      expect(names()).toEqual(['Tea'])
      expect(resumeParkedSale(STORE, 'a1', null)?.sale.items[0]!.name).toBe('Tea')
    } finally {
      setItem.mockRestore()
    }
    expect(Object.keys(localStorage)).toEqual([])
  })

  it('resumes a sale with its request id, parking the sale on screen in its place, even when the list is full', () => {
    const requestId = crypto.randomUUID()
    parkSale(STORE, sale('Tea', null, requestId))
    for (let n = 1; n < MAX_PARKED_SALES; n++) parkSale(STORE, sale(`Item ${n}`))
    const tea = listParkedSales(STORE).find((parked) => parked.sale.items[0]!.name === 'Tea')!
    const resumed = resumeParkedSale(STORE, tea.id, sale('On screen'))
    expect(resumed?.sale).toMatchObject({ requestId, items: [{ name: 'Tea' }] })
    expect(names()).toHaveLength(MAX_PARKED_SALES)
    expect(names()).toContain('On screen')
    expect(names()).not.toContain('Tea')
    // Taken already (by another user at this PC, another window, or a second click): nothing happens.
    expect(resumeParkedSale(STORE, tea.id, sale('Lost?'))).toBeNull()
    expect(names()).not.toContain('Lost?')
  })

  it('keeps two copies of one sale as two (each has its own id; the request id is shared)', () => {
    const requestId = crypto.randomUUID()
    parkSale(STORE, sale('Tea', null, requestId))
    const [tea] = listParkedSales(STORE)
    resumeParkedSale(STORE, tea!.id, sale('Tea again', null, requestId))
    expect(listParkedSales(STORE).map((parked) => parked.sale.requestId)).toEqual([requestId])
    expect(names()).toEqual(['Tea again'])
  })

  it('discards one sale only', () => {
    parkSale(STORE, sale('Tea'))
    parkSale(STORE, sale('Coffee'))
    const coffee = listParkedSales(STORE).find((parked) => parked.sale.items[0]!.name === 'Coffee')!
    discardParkedSale(STORE, coffee.id)
    expect(names()).toEqual(['Tea'])
  })

  it('is swept with the customer it is about when they are erased, whichever queue it is in', () => {
    parkSale(STORE, sale('For Grace', 'grace-id'))
    parkSale(OTHER_STORE, sale('Also for Grace', 'grace-id'))
    parkSale(STORE, sale('For Alan', 'alan-id'))
    parkSale(STORE, sale('Walk-in'))
    // Still under a user's id (not read since this version): swept all the same.
    parkedByUser(BEN, 'b1', sale('Grace again', 'grace-id'), '2026-06-15T09:00:00.000Z')
    expect(customersOfDrafts().sort()).toEqual(['alan-id', 'grace-id'])
    forgetDraftsAbout('grace-id')
    expect(names()).toEqual(['For Alan', 'Walk-in'])
    expect(names(OTHER_STORE)).toEqual([])
    expect(Object.values(localStorage).join()).not.toContain('grace-id@example.com')
  })

  it('ignores storage that is not a parked sale', () => {
    localStorage.setItem(`backroom:parked-sale:store:${STORE}:junk`, '{"savedAt":"2026-06-15T10:00:00Z","values":{"items":"tea"}}')
    localStorage.setItem(`backroom:parked-sale:store:${STORE}:named`, JSON.stringify({ savedAt: '2026-06-15T10:00:00Z', values: { ...sale('Odd'), name: 42 } }))
    localStorage.setItem(`backroom:parked-sale:${ADA}:broken`, 'not json')
    parkSale(STORE, sale('Tea'))
    expect(names()).toEqual(['Tea'])
  })
})
