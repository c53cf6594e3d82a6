import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt cost; N = 2^15 takes ~100 ms here, slow enough to make guessing expensive. */
export interface KdfParams {
  N: number
  r: number
  p: number
}
export const DEFAULT_KDF: KdfParams = { N: 2 ** 15, r: 8, p: 1 }

const KEY_LENGTH = 32

function derive(secret: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

/** `scrypt$N$r$p$salt$key`: the parameters travel with the hash so they can be raised later. */
export async function hashSecret(secret: string, params: KdfParams = DEFAULT_KDF): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(secret, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, N, r, p, salt, key] = parts
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(secret, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
