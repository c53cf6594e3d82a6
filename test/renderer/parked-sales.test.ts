// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CustomerRow } from '@contract/customers'
import { discardParkedSale, listParkedSales, MAX_PARKED_SALES, parkSale, resumeParkedSale, type ParkedSaleValues } from '../../renderer/src/sales/parkedSales'
import { customersOfDrafts, forgetDraftsAbout } from '../../renderer/src/ui/form/useFormDraft'

/** Parked sales (guide 002) in happy-dom's localStorage: the list's rules, and the erase's sweep. */
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
const names = (userId: string) => listParkedSales(userId).map((parked) => parked.sale.items[0]!.name)

beforeEach(() => {
  localStorage.clear()
  vi.useRealTimers()
})

describe('parked sales', () => {
  it('lists a user’s parked sales, the longest waiting first, and no other user’s', () => {
    vi.useFakeTimers({ now: new Date('2026-06-15T10:00:00Z'), toFake: ['Date'] })
    expect(parkSale(ADA, sale('Tea'))).toBe('parked')
    vi.setSystemTime(new Date('2026-06-15T10:05:00Z'))
    expect(parkSale(ADA, sale('Coffee'))).toBe('parked')
    expect(parkSale(BEN, sale('Scarf'))).toBe('parked')
    expect(names(ADA)).toEqual(['Tea', 'Coffee'])
    expect(names(BEN)).toEqual(['Scarf'])
    expect(listParkedSales(ADA)[0]).toMatchObject({ parkedAt: '2026-06-15T10:00:00.000Z', sale: { totalMinor: 420 } })
  })

  it('refuses a sale past the cap, keeping every one parked', () => {
    for (let n = 0; n < MAX_PARKED_SALES; n++) expect(parkSale(ADA, sale(`Item ${n}`))).toBe('parked')
    expect(parkSale(ADA, sale('One too many'))).toBe('full')
    expect(listParkedSales(ADA)).toHaveLength(MAX_PARKED_SALES)
    expect(names(ADA)).not.toContain('One too many')
    // The cap is each user's.
    expect(parkSale(BEN, sale('Scarf'))).toBe('parked')
  })

  it('resumes a sale with its request id, parking the sale on screen in its place, even when the list is full', () => {
    const requestId = crypto.randomUUID()
    parkSale(ADA, sale('Tea', null, requestId))
    for (let n = 1; n < MAX_PARKED_SALES; n++) parkSale(ADA, sale(`Item ${n}`))
    const tea = listParkedSales(ADA).find((parked) => parked.sale.items[0]!.name === 'Tea')!
    const resumed = resumeParkedSale(ADA, tea.id, sale('On screen'))
    expect(resumed?.sale).toMatchObject({ requestId, items: [{ name: 'Tea' }] })
    expect(names(ADA)).toHaveLength(MAX_PARKED_SALES)
    expect(names(ADA)).toContain('On screen')
    expect(names(ADA)).not.toContain('Tea')
    // Taken already (by another window, or a second click): nothing happens.
    expect(resumeParkedSale(ADA, tea.id, sale('Lost?'))).toBeNull()
    expect(names(ADA)).not.toContain('Lost?')
  })

  it('keeps two copies of one sale as two (each has its own id; the request id is shared)', () => {
    const requestId = crypto.randomUUID()
    parkSale(ADA, sale('Tea', null, requestId))
    const [tea] = listParkedSales(ADA)
    resumeParkedSale(ADA, tea!.id, sale('Tea again', null, requestId))
    expect(listParkedSales(ADA).map((parked) => parked.sale.requestId)).toEqual([requestId])
    expect(names(ADA)).toEqual(['Tea again'])
  })

  it('discards one sale only', () => {
    parkSale(ADA, sale('Tea'))
    parkSale(ADA, sale('Coffee'))
    const coffee = listParkedSales(ADA).find((parked) => parked.sale.items[0]!.name === 'Coffee')!
    discardParkedSale(ADA, coffee.id)
    expect(names(ADA)).toEqual(['Tea'])
  })

  it('is swept with the customer it is about when they are erased, whoever parked it', () => {
    parkSale(ADA, sale('For Grace', 'grace-id'))
    parkSale(BEN, sale('Also for Grace', 'grace-id'))
    parkSale(ADA, sale('For Alan', 'alan-id'))
    parkSale(ADA, sale('Walk-in'))
    expect(customersOfDrafts().sort()).toEqual(['alan-id', 'grace-id'])
    forgetDraftsAbout('grace-id')
    expect(names(ADA)).toEqual(['For Alan', 'Walk-in'])
    expect(names(BEN)).toEqual([])
    expect(Object.values(localStorage).join()).not.toContain('grace-id@example.com')
  })

  it('ignores storage that is not a parked sale', () => {
    localStorage.setItem(`backroom:parked-sale:${ADA}:junk`, '{"savedAt":"2026-06-15T10:00:00Z","values":{"items":"tea"}}')
    localStorage.setItem(`backroom:parked-sale:${ADA}:broken`, 'not json')
    parkSale(ADA, sale('Tea'))
    expect(names(ADA)).toEqual(['Tea'])
  })
})
