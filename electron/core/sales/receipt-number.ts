/**
 * Receipt numbers are `<prefix>-<sequence>`: the prefix tells the owner's stores apart
 * (ids stay UUIDs; the number is what people read and say), the sequence counts this
 * store's receipts, voids included, from 1.
 */
export function formatReceiptNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`
}

/** Until the owner sets one: the initials of the store's name ("Corner Shop" → "CS"). */
export function defaultReceiptPrefix(storeName: string): string {
  const initials = storeName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0])
    .join('')
    .slice(0, 4)
  return initials || 'R'
}
