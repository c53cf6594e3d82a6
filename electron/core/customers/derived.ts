import { foldText } from './fold'
import type { PhoneNumber } from 'libphonenumber-js'
import { parseStoredPhone, phoneDigitVariants } from './phone'

/** The stored fields the search and sort columns are computed from. */
export interface DerivedFrom {
  first_name: string
  last_name: string | null
  nickname: string | null
  email: string | null
  username: string | null
  phone: string | null
  customer_number: number
  /** The search words of the customers merged into this one: their old phone or email finds it. */
  merged_text?: string | null
}

export interface DerivedColumns {
  name_key: string
  last_key: string | null
  nickname_key: string | null
  search_text: string
}

/** Derived columns are written with the row but never logged: every store computes them. */
export const DERIVED_COLUMNS: readonly (keyof DerivedColumns)[] = ['name_key', 'last_key', 'nickname_key', 'search_text']

const foldOrNull = (value: string | null) => (value ? foldText(value) : null)

/**
 * The search and sort columns of a customer. `search_text` holds everything a search may
 * match as a substring: names, email, username, "#<customer number>" and the phone's digits
 * (see phoneDigitVariants), folded, separated by spaces. A caller that has just parsed the
 * phone passes it, so it is not parsed twice.
 */
export function derivedColumns(row: DerivedFrom, parsedPhone?: PhoneNumber | null): DerivedColumns {
  const words = [row.first_name, row.last_name, row.nickname, row.email, row.username].filter((part): part is string => Boolean(part))
  const phone = parsedPhone ?? (row.phone ? parseStoredPhone(row.phone) : null)
  const phoneDigits = phone ? phoneDigitVariants(phone) : []
  return {
    name_key: foldText([row.first_name, row.last_name].filter(Boolean).join(' ')),
    last_key: foldOrNull(row.last_name),
    nickname_key: foldOrNull(row.nickname),
    search_text: [...words.map(foldText), `#${row.customer_number}`, ...phoneDigits, ...(row.merged_text ? [row.merged_text] : [])].join(' '),
  }
}
