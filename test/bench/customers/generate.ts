import type { BulkCustomer } from '../../../electron/core/customers/bulk'
import { AREA_CODES, CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './people'

/** A seeded xorshift generator: the same customers on every run and machine. */
export function xorshift(seed: number): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

const YEARS = 8
const DAY_MS = 86_400_000

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()

/**
 * `count` customers as a store would have them after eight years: names with accents,
 * phones written in every way people write them (national, dotted, dashed, international,
 * a sixth from abroad), emails on most, usernames on some, registrations spread over the
 * years up to `now` (oldest first, so customer numbers follow time), 2 % inactive.
 */
export function* benchCustomers(count: number, storeId: string, now: Date): Generator<BulkCustomer> {
  const random = xorshift(20261123)
  const chance = (p: number) => random() < p
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]
  // Favours the front of a list, as common names are more common.
  const common = <T>(items: readonly T[]) => items[Math.min(items.length, Math.floor((items.length + 1) ** random())) - 1]
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0')
  const start = now.getTime() - YEARS * 365 * DAY_MS

  const phone = () => {
    if (chance(0.16)) return pick([`+44 7400 ${digits(6)}`, `+49 30 ${digits(7)}`, `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, `+52 55 ${digits(4)} ${digits(4)}`])
    const area = pick(AREA_CODES)
    const exchange = `${2 + Math.floor(random() * 8)}${digits(2)}`
    const line = digits(4)
    return pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `+1 ${area} ${exchange} ${line}`, `${area}${exchange}${line}`, `1-${area}-${exchange}-${line}`])
  }

  // Gift card numbers are unique (the import refuses a number twice): 8 digits scrambled from
  // the row's index. The random draw is still made, so every later value stays as it was.
  const giftCard = (i: number, _drawn: string) => `GC-${String((i * 7919 + 4_242_424) % 100_000_000).padStart(8, '0')}`

  for (let i = 0; i < count; i++) {
    const first = common(FIRST_NAMES)
    const last = common(LAST_NAMES)
    const [f, l] = [ascii(first), ascii(last)]
    const emailLocal = pick([`${f}.${l}`, `${f}${l}${Math.floor(random() * 100)}`, `${f[0]}${l}`, `${f}_${Math.floor(random() * 1000)}`, `${l}.${f}`])
    const place = pick(CITIES)
    const hasAddress = chance(0.4)
    const createdAt = new Date(start + ((i + random()) / count) * YEARS * 365 * DAY_MS).toISOString()
    yield {
      firstName: first,
      lastName: last,
      nickname: chance(0.08) ? first.slice(0, 3) : '',
      phone: chance(0.85) ? phone() : '',
      smsOptIn: chance(0.3),
      email: chance(0.7) ? `${emailLocal}@${pick(EMAIL_DOMAINS)}` : '',
      emailOptIn: chance(0.4),
      gender: chance(0.7) ? pick(['female', 'male', 'non_binary', 'prefer_not_to_say'] as const) : '',
      dateOfBirth: chance(0.6) ? `${1940 + Math.floor(random() * 66)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}` : '',
      nationality: '',
      anniversary: '',
      gateCode: '',
      idNumber: '',
      customerType: chance(0.3) ? pick(['regular', 'vip', 'wholesale'] as const) : '',
      notes: chance(0.05) ? 'Prefers to be called in the afternoon' : '',
      username: chance(0.2) ? `${f[0]}${l}${i}`.slice(0, 40) : '',
      password: '',
      assignedStaffIds: [],
      storeIds: [storeId],
      loyaltyEnrolled: chance(0.4),
      giftCardNumber: chance(0.1) ? giftCard(i, digits(8)) : '',
      addressLine1: hasAddress ? `${1 + Math.floor(random() * 9999)} ${pick(['Main', 'Oak', 'Maple', 'Cedar', 'Elm', 'Pine'])} St` : '',
      addressLine2: '',
      city: hasAddress ? place[0] : '',
      state: hasAddress ? place[1] : '',
      zip: hasAddress ? place[2] : '',
      country: hasAddress ? 'US' : '',
      driversLicenseNumber: '',
      driversLicenseState: '',
      driversLicenseExpiry: '',
      medicalNumber: '',
      medicalExpiry: '',
      createdAt,
      active: !chance(0.02),
    }
  }
}
