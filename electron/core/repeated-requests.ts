import { createHmac, randomBytes } from 'node:crypto'
import type { Envelope } from '../contract'
import { id } from '../contract/fields'

/** How long a request's answer is kept for a repeat of it: long enough for a double click or a retry. */
export const REPEAT_WINDOW_MS = 60_000
/** Answers kept at most: a renderer sending new ids by the thousand only pushes out the oldest. */
const MAX_KEPT = 1000

type Answer = () => Promise<Envelope<unknown>>

/**
 * Commands that add a row each time they run (a sale, a customer, an appointment, a deal, a
 * receipt's email, a loyalty adjustment, a flag event, a feedback note, a new tax rate) take an optional `requestId`, made by the renderer once per filled-in form. The same
 * session sending the same command with the same input and id again within the window (a double
 * click the form let through, a retry) gets the first answer, pending or given, instead of a
 * second row. A refusal is not kept: fixing the form and sending again runs again (other input
 * is another request anyway). A failure after the commit ("saved, but not shown") is kept.
 * Only a keyed digest of the input is kept, never the input: it may hold a PIN.
 * This memory is per session, a minute long, and dies with the app; the form's draft, kept with
 * its id, outlives a lost answer, a crash and a restart. So each of these commands also keeps its
 * id on disk, in its own transaction, for a week (command-requests.ts): a repeat this memory has
 * forgotten is answered there with the row it made, and the same id with other input refused.
 */
export function createRepeatedRequests(nowMs: () => number) {
  const secret = randomBytes(32)
  const kept = new Map<string, { at: number; answer: Promise<Envelope<unknown>> }>()

  function keyOf(name: string, input: unknown, sessionKey: string): string | null {
    if (typeof input !== 'object' || input === null || !('requestId' in input)) return null
    const { requestId } = input as { requestId: unknown }
    // Not a request id as the contract takes it (a UUID): nothing is kept, and the parse refuses it.
    if (!id.safeParse(requestId).success) return null
    let json: string
    try {
      json = JSON.stringify(input)
    } catch {
      return null // not an input any schema takes: the parse refuses it
    }
    return createHmac('sha256', secret).update(`${sessionKey}\0${name}\0${json}`).digest('base64')
  }

  function forgetOld(now: number): void {
    // Kept in the order they came: the oldest first.
    for (const [key, entry] of kept) {
      if (now - entry.at < REPEAT_WINDOW_MS && kept.size < MAX_KEPT) break
      kept.delete(key)
    }
  }

  /** Runs `answer` unless the same request was answered (or is being answered) within the window. */
  function once(name: string, input: unknown, sessionKey: string, answer: Answer): Promise<Envelope<unknown>> {
    const key = keyOf(name, input, sessionKey)
    if (key === null) return answer()
    const now = nowMs()
    forgetOld(now)
    const earlier = kept.get(key)
    if (earlier && now - earlier.at < REPEAT_WINDOW_MS) return earlier.answer
    const entry = { at: now, answer: answer() }
    kept.delete(key) // an expired one: the new answer goes to the end, with the newest
    kept.set(key, entry)
    void entry.answer.then(
      (envelope) => {
        if (!envelope.ok && !envelope.error.saved && kept.get(key) === entry) kept.delete(key)
      },
      () => kept.get(key) === entry && kept.delete(key),
    )
    return entry.answer
  }

  return { once }
}
