import { ApiError, backroom, unwrap } from '@/api/client'

export type StartScreen = 'today' | 'customers'

/**
 * Where the app opens after sign-in: Today once the store checks customers in (or books
 * appointments), the customer list before that (issue 12). Asked once per sign-in, so that the
 * router can send 'home' there without waiting (a wait between leaving a screen and arriving
 * let the screen's own leave check run twice, the second time over a restored draft).
 */
export async function startScreenOfStore(): Promise<StartScreen> {
  try {
    const { inUse } = await unwrap(backroom().visits.inUse({}))
    return inUse ? 'today' : 'customers'
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return 'customers'
  }
}
