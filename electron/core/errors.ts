import type { ErrorBody, ErrorCode } from '../contract/envelope'

/** A failure the user should see as it is; anything else becomes a generic INTERNAL error. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string>
  readonly retryAfterSeconds?: number

  constructor(code: ErrorCode, message: string, extra: { fields?: Record<string, string>; retryAfterSeconds?: number } = {}) {
    super(message)
    this.code = code
    this.fields = extra.fields
    this.retryAfterSeconds = extra.retryAfterSeconds
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message }
    if (this.fields) body.fields = this.fields
    if (this.retryAfterSeconds !== undefined) body.retryAfterSeconds = this.retryAfterSeconds
    return body
  }
}

export function fieldError(field: string, message: string, code: ErrorCode = 'VALIDATION'): AppError {
  return new AppError(code, message, { fields: { [field]: message } })
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} was not found`)
}
