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

/** Tests count the work a check does (its padding, below) through this; the app never sets it. */
let observer: ((params: KdfParams) => void) | undefined
export function observeDerivations(observe: ((params: KdfParams) => void) | undefined): void {
  observer = observe
}

function derive(secret: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  observer?.(params)
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

export interface VerifyOptions {
  /** The store's current cost (CoreServices.kdf): what a failed check costs, whatever the hash. */
  cost: KdfParams
  log?: (message: string) => void
  /** Pad a right secret too, as its answer is a failure all the same (a deactivated account). */
  padRight?: boolean
}

/**
 * Whether `secret` is the one `stored` was made from. A hash with parameters the app does not
 * write is a wrong secret, reached the same way, and is logged without the hash itself.
 *
 * A wrong secret costs one derivation at `cost`, whatever the hash: the check of an unknown
 * username (decoyCheck) costs that, and a user whose hash is weaker (made before the cost was
 * raised, kept as long as they do not sign in) would otherwise fail faster, and their sign-in's
 * timing would tell that the username exists. scrypt's work is linear in N, so a check at a
 * stored N below `cost`'s is followed by derivations at N, 2N, … cost.N / 2 (each a valid power
 * of two), which sum to cost.N − N: one current-cost derivation in all.
 */
export async function verifySecret(secret: string, stored: string, options: VerifyOptions): Promise<boolean> {
  const { cost, log, padRight } = options
  const parts = stored.split('$')
  const [scheme, N, r, p, salt, key] = parts
  const params = { N: Number(N), r: Number(r), p: Number(p) }
  if (parts.length !== 6 || scheme !== 'scrypt' || !acceptedParams(params.N, params.r, params.p)) {
    if (parts.length === 6 && scheme === 'scrypt') {
      log?.(`A stored password or PIN hash names scrypt parameters the app does not use (N/r/p ${shown(parts)}): treated as a wrong secret`)
    }
    await decoyCheck(secret, cost)
    return false
  }
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(secret, Buffer.from(salt, 'base64'), params)
  const right = actual.length === expected.length && timingSafeEqual(actual, expected)
  if (!right || padRight) {
    for (let n = params.N; n < cost.N; n *= 2) await derive(secret, randomBytes(SALT_LENGTH), { ...params, N: n })
  }
  return right
}

/**
 * The work of a failed check at `cost`, with no hash to check against: what a sign-in with an
 * unknown username spends, so it answers in the time a wrong password takes. (It replaces a
 * decoy hash, which was made at the first such sign-in: that one took two derivations.)
 */
export async function decoyCheck(secret: string, cost: KdfParams): Promise<false> {
  const key = await derive(secret, randomBytes(SALT_LENGTH), cost)
  timingSafeEqual(key, randomBytes(key.length))
  return false
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
