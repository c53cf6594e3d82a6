import { z } from 'zod'

/**
 * The header of an encrypted backup (encryption.ts), read before the passphrase is asked for,
 * so from a file anyone may have made. Each field is checked before it is used: a header
 * without its salt or check value, or JSON `null`, is answered "not a Backroom backup, or it
 * is damaged", never an internal error; and the key-derivation cost is capped near what the app
 * writes (N = 2^17, r = 8, p = 1: 128 MiB), so a crafted header cannot make one passphrase
 * attempt take gigabytes of memory or minutes (at the caps: 256 MiB, twice the work).
 */
export const KDF_LIMITS = { N: 2 ** 18, r: 8, p: 2 }

/** Base64 of exactly `bytes` bytes (Node's decoder skips what is not base64, so the text is checked too). */
const base64Of = (bytes: number) =>
  z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).refine((text) => Buffer.from(text, 'base64').length === bytes)

const powerOfTwo = (n: number) => (n & (n - 1)) === 0

const headerSchema = z.object({
  format: z.literal(1),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(2).max(KDF_LIMITS.N).refine(powerOfTwo),
    r: z.number().int().min(1).max(KDF_LIMITS.r),
    p: z.number().int().min(1).max(KDF_LIMITS.p),
    salt: base64Of(16),
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: base64Of(12),
  check: base64Of(32),
  preview: z.object({
    takenAt: z.string().nullable(),
    storeName: z.string().nullable(),
    customers: z.number().int().min(0),
    receipts: z.number().int().min(0),
  }),
  /**
   * The database encrypted: its size (the ciphertext's) and the newest migration it has, so a
   * file cut short or of a newer version is refused before anything is decrypted. Written since
   * they were found missing (an older file has none, and is checked once decrypted).
   */
  content: z.object({ bytes: z.number().int().min(0), newestMigration: z.string().max(200).nullable() }).optional(),
})

export type Header = z.infer<typeof headerSchema>

/** The header, or null when the text is not one the app writes. */
export function parseHeader(text: string): Header | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = headerSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}
