import { randomBytes } from 'node:crypto'
import { hashSecret, type KdfParams } from './kdf'

/**
 * An owner's recovery key: 24 characters of Crockford's base32 (no I, L, O or U, so nothing
 * written down reads two ways), 120 random bits, shown in groups of four: `K7QX-3M9P-…`. Only
 * its hash is kept, made with the KDF of passwords: the key proves who may set an owner's new
 * password, so a copy of the database must not give it away.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECOVERY_KEY_LENGTH = 24
const GROUP = 4

/** The key as written to be read: groups of four joined by dashes. */
function grouped(key: string): string {
  return key.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-')
}

/**
 * The key as typed, made comparable: case, spaces and dashes do not count, nor letters read
 * for a digit (O for 0, I and L for 1), as Crockford's base32 reads them.
 */
export function normaliseRecoveryKey(typed: string): string {
  return typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/** A new key (shown once, never kept) and its hash (kept). 256 is a multiple of 32: each character is uniform. */
export async function makeRecoveryKey(kdf: KdfParams): Promise<{ key: string; hash: string }> {
  const key = [...randomBytes(RECOVERY_KEY_LENGTH)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')
  return { key: grouped(key), hash: await hashSecret(key, kdf) }
}

/**
 * What an account that stops being an active owner (demoted, deactivated) keeps of its key:
 * nothing. Its key would otherwise work again the day it is made owner once more, by a person or
 * by sync keeping an owner (users/keep-owner.ts), though nobody chose to give it back.
 */
export const NO_RECOVERY_KEY = { recovery_key_hash: null, recovery_key_made_at: null } as const
