import { fieldError } from '../errors'

/**
 * Keyset paging: the cursor is the sort key of the last row shown, opaque to the renderer.
 * Paging by key (never by offset) stays fast at any depth and does not skip or repeat rows
 * when new ones arrive between two pages.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string, length: number, field = 'after'): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key
  } catch {
    // fall through: a cursor that does not decode is as bad as one of the wrong shape
  }
  throw fieldError(field, 'This page link is no longer valid; start from the first page')
}

/** Fetch one row more than the page: if it comes back, there is a next page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => string[]) {
  const page = rows.slice(0, limit)
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(page[page.length - 1])) : null
  return { page, nextCursor }
}
