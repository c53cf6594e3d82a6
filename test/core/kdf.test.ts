import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_KDF, decoyCheck, hashSecret, observeDerivations, verifySecret, weakerThan, type KdfParams } from '../../electron/core/auth/kdf'
import { TEST_KDF } from '../support/core'
import { derivations, sum } from '../support/kdf-work'

describe('password hashing (scrypt)', () => {
  it('verifies the secret it hashed and nothing else', async () => {
    const hash = await hashSecret('correct horse battery', TEST_KDF)
    expect(await verifySecret('correct horse battery', hash, { cost: TEST_KDF })).toBe(true)
    expect(await verifySecret('correct horse batterY', hash, { cost: TEST_KDF })).toBe(false)
    expect(await verifySecret('', hash, { cost: TEST_KDF })).toBe(false)
  })

  it('salts every hash, so one secret hashed twice gives two different hashes', async () => {
    const [one, two] = await Promise.all([hashSecret('1234', TEST_KDF), hashSecret('1234', TEST_KDF)])
    expect(one).not.toBe(two)
    expect(one.split('$')[4]).not.toBe(two.split('$')[4])
    expect(await verifySecret('1234', one, { cost: TEST_KDF })).toBe(true)
    expect(await verifySecret('1234', two, { cost: TEST_KDF })).toBe(true)
  })

  it('stores scrypt$N$r$p$salt$key with the parameters it used', async () => {
    const hash = await hashSecret('secret', { N: 2 ** 11, r: 8, p: 1 })
    expect(hash).toMatch(/^scrypt\$2048\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/)
    const [, , , , salt, key] = hash.split('$')
    expect(Buffer.from(salt, 'base64')).toHaveLength(16)
    expect(Buffer.from(key, 'base64')).toHaveLength(32)
    expect(hash).not.toContain('secret')
  })

  it('verifies with the parameters in the hash, not the current defaults', async () => {
    const hash = await hashSecret('old password', { N: 2 ** 11, r: 8, p: 1 })
    expect(await verifySecret('old password', hash, { cost: TEST_KDF })).toBe(true)
  })

  it('answers false, and logs the parameters only, for a hash whose parameters the app never writes', async () => {
    const good = (await hashSecret('s3cret pass', TEST_KDF)).split('$')
    const withParams = (N: string, r: string, p: string) => ['scrypt', N, r, p, good[4], good[5]].join('$')
    // scrypt itself rejects N = 3; 2^30 would ask for 1 TiB; r and p other than written ones.
    const odd = [withParams('3', '8', '1'), withParams(String(2 ** 30), '8', '1'), withParams('1024', '4', '2'), withParams('1024', '8', '64'), withParams('x', '8', '1'), withParams('512', '8', '1')]
    for (const stored of odd) {
      const logged: string[] = []
      expect(await verifySecret('s3cret pass', stored, { cost: TEST_KDF, log: (m) => logged.push(m) })).toBe(false)
      expect(logged).toHaveLength(1)
      expect(logged[0]).toMatch(/parameters the app does not use/)
      expect(logged[0]).not.toContain(good[4])
      expect(logged[0]).not.toContain(good[5])
      expect(logged[0]).not.toContain('s3cret')
    }
    expect(await verifySecret('s3cret pass', withParams('1024', '8', '1'), { cost: TEST_KDF })).toBe(true)
  })

  it('is slow by default: N is at least 2^16, and a hash at the default verifies', async () => {
    expect(DEFAULT_KDF.N).toBeGreaterThanOrEqual(2 ** 16)
    const hash = await hashSecret('default cost')
    const [scheme, N, r, p] = hash.split('$')
    expect(scheme).toBe('scrypt')
    expect(Number(N)).toBe(DEFAULT_KDF.N)
    expect(Number(r)).toBeGreaterThanOrEqual(8)
    expect(Number(p)).toBeGreaterThanOrEqual(1)
    expect(await verifySecret('default cost', hash, { cost: TEST_KDF })).toBe(true)
  })

  it('does not accept a stored value that is not an scrypt hash', async () => {
    expect(await verifySecret('secret', 'secret', { cost: TEST_KDF })).toBe(false)
    expect(await verifySecret('x', 'bcrypt$1$2$3$4$5', { cost: TEST_KDF })).toBe(false)
  })

  it('calls a stored hash weaker than a cost when its N is lower (it is then hashed again at sign-in)', () => {
    const at = (N: number) => `scrypt$${N}$8$1$c2FsdA==$a2V5`
    expect(weakerThan(at(2 ** 15), DEFAULT_KDF)).toBe(true)
    expect(weakerThan(at(DEFAULT_KDF.N), DEFAULT_KDF)).toBe(false)
    expect(weakerThan(at(2 ** 17), DEFAULT_KDF)).toBe(false)
    expect(weakerThan('not a hash', DEFAULT_KDF)).toBe(false)
  })
})

/**
 * A failed check costs one derivation at the current cost, whatever the stored hash, as the
 * check of an unknown username does: counted through the derivations' N (scrypt's work is
 * linear in N), at test sizes (stored 2^10, current 2^13), not timed.
 */
describe('the work of a failed check', () => {
  const CURRENT: KdfParams = { N: 2 ** 13, r: 8, p: 1 }
  afterEach(() => observeDerivations(undefined))


  it('against a weaker hash is padded up to the current cost, in derivations of valid N', async () => {
    const weak = await hashSecret('right secret', TEST_KDF)
    const ns = await derivations(() => verifySecret('wrong secret', weak, { cost: CURRENT }))
    expect(sum(ns)).toBe(CURRENT.N)
    expect(ns).toEqual([2 ** 10, 2 ** 10, 2 ** 11, 2 ** 12])
    // A stored N one step below the current: one derivation of the difference.
    const half = await hashSecret('right secret', { ...CURRENT, N: CURRENT.N / 2 })
    expect(await derivations(() => verifySecret('wrong secret', half, { cost: CURRENT }))).toEqual([2 ** 12, 2 ** 12])
  })

  it('costs as much as the check of an unknown username (the decoy)', async () => {
    expect(await derivations(() => decoyCheck('any secret', CURRENT))).toEqual([CURRENT.N])
    const current = await hashSecret('right secret', CURRENT)
    expect(await derivations(() => verifySecret('wrong secret', current, { cost: CURRENT }))).toEqual([CURRENT.N])
  })

  it('costs the same for a hash the app cannot check (damaged, not scrypt)', async () => {
    const good = (await hashSecret('right secret', TEST_KDF)).split('$')
    for (const stored of [['scrypt', '3', '8', '1', good[4], good[5]].join('$'), 'not a hash', '']) {
      expect(await derivations(() => verifySecret('right secret', stored, { cost: CURRENT }))).toEqual([CURRENT.N])
    }
  })

  it('is not padded when the secret is right, unless asked (a deactivated account answers as a failure)', async () => {
    const weak = await hashSecret('right secret', TEST_KDF)
    expect(await derivations(() => verifySecret('right secret', weak, { cost: CURRENT }))).toEqual([2 ** 10])
    let right = false
    const padded = await derivations(async () => (right = await verifySecret('right secret', weak, { cost: CURRENT, padRight: true })))
    expect(right).toBe(true)
    expect(sum(padded)).toBe(CURRENT.N)
  })

  it('is not padded against a hash stronger than the current cost', async () => {
    const strong = await hashSecret('right secret', { ...CURRENT, N: CURRENT.N * 2 })
    expect(await derivations(() => verifySecret('wrong secret', strong, { cost: CURRENT }))).toEqual([CURRENT.N * 2])
  })
})
