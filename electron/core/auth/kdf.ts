import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt cost: N (CPU and memory, 128 × N × r bytes), r (block size), p (parallel lanes). */
export interface KdfParams {
  N: number
  r: number
  p: number
}

/**
 * What the app hashes passwords and PINs with. N = 2^16 (64 MiB): measured on the 2-core test
 * machine (6 Dec), one hash costs ~0.33 s of CPU at 2^16 and ~0.66 s at OWASP's 2^17 (1.0–1.6 s
 * wall under the machine's usual load), and a sign-in may take two (an unlock tries the PIN, then
 * the password; a weaker stored hash is hashed again): 2^17 would not keep a sign-in well under a
 * second there. 2^16 is also the highest cost the previous app verifies (a hash it cannot
 * verify answers there as a wrong password), so stores not yet updated still sign these in.
 * Hashes made at a lower cost are made again at this one when their secret proves right (rehash.ts).
 */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 16, r: 8, p: 1 }

const KEY_LENGTH = 32
const SALT_LENGTH = 16

function derive(secret: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

/** `scrypt$N$r$p$salt$key`: the parameters travel with the hash so they can be raised later. */
export async function hashSecret(secret: string, params: KdfParams = DEFAULT_KDF): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(secret, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/**
 * The parameter sets a stored hash may name. Hashes travel between the owner's stores, so one
 * may come from a damaged or crafted row: scrypt refuses an N that is not a power of two (an
 * INTERNAL error at sign-in) and a huge N or r would take gigabytes and minutes. The app writes
 * r = 8, p = 1 and N = 2^16 (older apps 2^15, tests 2^10); N may grow to OWASP's 2^17 (128 MiB)
 * should a later app raise the cost: this one then still verifies what that one writes.
 */
export const ACCEPTED_KDF = { minN: 2 ** 10, maxN: 2 ** 17, r: 8, p: 1 }

function acceptedParams(N: number, r: number, p: number): boolean {
  const powerOfTwo = Number.isInteger(N) && (N & (N - 1)) === 0
  return powerOfTwo && N >= ACCEPTED_KDF.minN && N <= ACCEPTED_KDF.maxN && r === ACCEPTED_KDF.r && p === ACCEPTED_KDF.p
}

/** Base64 of `bytes` bytes, with padding. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4

/**
 * The longest hash hashSecret writes with parameters ACCEPTED_KDF takes (86 characters): the
 * bound of a hash that arrives from another store (sync/bounds.ts).
 */
export const MAX_HASH_LENGTH = ['scrypt', ACCEPTED_KDF.maxN, ACCEPTED_KDF.r, ACCEPTED_KDF.p, 'x'.repeat(base64Length(SALT_LENGTH)), 'x'.repeat(base64Length(KEY_LENGTH))].join('$').length

/** The hash's parameters as written, cut short: enough to find the row, nothing of the salt or key. */
const shown = (parts: string[]) => parts.slice(1, 4).map((part) => part.slice(0, 12)).join('/')

/**
 * Whether `secret` is the one `stored` was made from. A hash with parameters the app does not
 * write is a wrong secret, reached the same way (one scrypt at the default cost, then false),
 * and is logged without the hash itself.
 */
export async function verifySecret(secret: string, stored: string, log?: (message: string) => void): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, N, r, p, salt, key] = parts
  const params = { N: Number(N), r: Number(r), p: Number(p) }
  if (!acceptedParams(params.N, params.r, params.p)) {
    log?.(`A stored password or PIN hash names scrypt parameters the app does not use (N/r/p ${shown(parts)}): treated as a wrong secret`)
    await derive(secret, randomBytes(16), DEFAULT_KDF)
    return false
  }
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(secret, Buffer.from(salt, 'base64'), params)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * Whether `stored` was made at a lower cost than `params` (an older app's default, or before the
 * store's cost was raised): the secret that just proved right against it is then hashed again
 * (auth/rehash.ts). Only N ever grows; r and p are fixed (ACCEPTED_KDF).
 */
export function weakerThan(stored: string, params: KdfParams): boolean {
  const [scheme, N] = stored.split('$')
  return scheme === 'scrypt' && Number(N) < params.N
}
