import { backroom, unwrap } from '@/api/client'

/**
 * Today in the store's time zone, as main's clock has it (a new appointment starts on it, and
 * none may be moved to a day before it).
 */
export async function storeToday(): Promise<string> {
  return (await unwrap(backroom().visits.today({}))).date
}
