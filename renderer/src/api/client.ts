import type { BackroomApi, Envelope, ErrorBody } from '@contract/index'
import { reportRefused } from '../auth/refused'
import { reportStorageProblem } from '../storage/problem'

/** A refused command, with the per-field messages to show next to the fields. */
export class ApiError extends Error {
  readonly code: ErrorBody['code']
  readonly fields: Record<string, string>
  readonly retryAfterSeconds?: number
  /** An unexpected failure after the command's changes were committed: it was saved all the same. */
  readonly saved: boolean

  constructor(body: ErrorBody) {
    super(body.message)
    this.code = body.code
    this.fields = body.fields ?? {}
    this.retryAfterSeconds = body.retryAfterSeconds
    this.saved = body.saved === true
  }
}

export function backroom(): BackroomApi {
  return window.backroom
}

/** Awaits a command and returns its data, or throws ApiError for an error envelope. */
export async function unwrap<T>(pending: Promise<Envelope<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) {
    reportStorageProblem(result.error)
    reportRefused(result.error)
    throw new ApiError(result.error)
  }
  return result.data
}
