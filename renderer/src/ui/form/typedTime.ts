import { z } from 'zod'
import { parseStoreTime } from '../format/times'

/**
 * A form's time box typed the store's way ("2:30 PM" in a US store, 14:30 anywhere), read into the
 * 'HH:MM' main takes as the form is checked, or refused under the box with the reader's words
 * ("could be 02:30 AM or 02:30 PM"). A form extends its contract schema with it (the screen's
 * concern, as a repeated password is); main still checks 'HH:MM'.
 */
export const typedTime = z
  .string({ message: 'Time is required' })
  .max(40, 'Use a time such as 14:30')
  .transform((typed, ctx) => {
    const read = parseStoreTime(typed)
    if (read && 'time' in read) return read.time
    ctx.addIssue({ code: 'custom', message: read ? read.problem : 'Time is required' })
    return z.NEVER
  })
