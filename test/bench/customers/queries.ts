import type { SortColumn } from '../../../electron/contract/customers'

/**
 * The fixed search set: what staff type at the desk. Names with and without accents, in any
 * case, full and partial; phones typed in other formats than stored; emails and their parts;
 * a username; customer numbers; one-letter and very common terms.
 */
export const SEARCHES: { label: string; query: string }[] = [
  { label: 'first name', query: 'maria' },
  { label: 'last name, accent typed', query: 'García' },
  { label: 'full name', query: 'james smith' },
  { label: 'rare name, upper case, no accent', query: 'ZOE BERUBE' },
  { label: 'name part', query: "o'bri" },
  { label: 'nickname', query: 'Ana' },
  { label: 'phone, national format', query: '(415) 555' },
  { label: 'phone, dashes', query: '212-5' },
  { label: 'phone, international', query: '+1 312 7' },
  { label: 'phone, last four digits', query: '2671' },
  { label: 'phone, abroad', query: '+44 7400 1' },
  { label: 'email, full', query: 'maria.garcia@gmail.com' },
  { label: 'email, domain', query: 'yahoo.com' },
  { label: 'username', query: 'jsmith12' },
  { label: 'customer number', query: '#424242' },
  { label: 'one letter', query: 'a' },
  { label: 'one letter, rare', query: 'x' },
  { label: 'two letters', query: 'ng' },
  { label: 'two letters, common (also a later word: "De La Cruz")', query: 'ma' },
  { label: 'very common: gmail', query: 'gmail' },
  { label: 'very common: mar', query: 'mar' },
  { label: 'very common: john', query: 'john' },
  { label: 'no match', query: 'qqqzzz' },
]

export const PAGE_SORTS: SortColumn[] = ['name', 'email', 'phone', 'loyaltyPoints', 'giftCardNumber', 'createdAt', 'customerNumber']
