import { z } from 'zod'
import { command } from './define'
import { id, requestId, text } from './fields'
import { isCalendarDay } from './period'

/**
 * An appointment at the store, on a store-local day and time (the store's time zone). Its
 * status is worked out from the visits: *shown* when a check-in at the store on that day was for
 * it (each check-in is for the appointment of that day nearest its time), *no-show* once the day
 * is over without one, otherwise *scheduled* (or *cancelled*). An appointment starts at a time and
 * has no length: a start already past on the store's clock is refused, and so is a staff member
 * or a customer booked twice at one time.
 */
export const APPOINTMENT_STATUSES = ['scheduled', 'shown', 'no_show', 'cancelled'] as const
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number]
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  shown: 'Shown',
  no_show: 'No-show',
  cancelled: 'Cancelled',
}

/** The longest range of days the appointments list shows at once. */
export const MAX_APPOINTMENT_DAYS = 92

const day = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .max(10, `${label} must be a real date`)
    .refine(isCalendarDay, `${label} must be a real date`)

const time = z
  .string({ message: 'Time is required' })
  .trim()
  .max(5, 'Use a time such as 14:30')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time such as 14:30')

/** Who a row is about, as every list shows a name: red with a flag and the reason when flagged. */
export const customerRefSchema = z.object({
  id,
  firstName: z.string(),
  lastName: z.string().nullable(),
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
})
export type CustomerRef = z.infer<typeof customerRefSchema>

export const appointmentSchema = z.object({
  id,
  customer: customerRefSchema,
  storeName: z.string(),
  /** Store-local day and time. */
  date: z.string(),
  time: z.string(),
  staff: z.object({ id, name: z.string() }).nullable(),
  note: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  /**
   * A scheduled appointment sharing its time at the store with another of the same staff member
   * or customer: booked on two PCs (or stores) while they were offline from each other. Null
   * otherwise, and once it is over or cancelled.
   */
  doubleBooked: z.object({ staff: z.boolean(), customer: z.boolean() }).nullable(),
})
export type Appointment = z.infer<typeof appointmentSchema>

const when = {
  date: day('Date'),
  time,
  staffId: id,
  note: text('Note', 500, { multiline: true }).optional().default(''),
}

export const appointmentsCommands = {
  /** Sent again with the same `requestId` and input: the first answer, and no second appointment. */
  'appointments:schedule': command({
    input: z.strictObject({ customerId: id, ...when, requestId }),
    output: appointmentSchema,
    access: 'signedIn',
  }),
  /** A new day, time, staff or note for an appointment not yet over. */
  'appointments:reschedule': command({
    input: z.strictObject({ id, ...when }),
    output: appointmentSchema,
    access: 'signedIn',
  }),
  'appointments:cancel': command({ input: z.strictObject({ id }), output: appointmentSchema, access: 'signedIn' }),
  /**
   * This store's appointments on days from…to (at most MAX_APPOINTMENT_DAYS), by time; or one
   * customer's, at every store, newest first (the latest 200) when `customerId` is given. Read
   * again by the customer's Appointments tab by itself when the store's data changed: no use of
   * the app (`activity`), as `visits:today`.
   */
  'appointments:list': command({
    input: z
      .strictObject({ from: day('From').optional(), to: day('To').optional(), customerId: id.nullable().default(null) })
      .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'The end date is before the start date' }),
    output: z.array(appointmentSchema),
    access: 'signedIn',
    activity: false,
  }),
}
