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

/**
 * What the log may say about an unexpected failure: its kind, code and where it happened.
 * Not its message: a database error quotes the statement's bound values (hashes, personal
 * data), a file error the path the user chose.
 */
export function failureForLog(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown'
  const code = (error as { code?: unknown }).code
  const frames = (error.stack ?? '').split('\n').slice(1, 6).join('\n')
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}${frames ? `\n${frames}` : ''}`
}
