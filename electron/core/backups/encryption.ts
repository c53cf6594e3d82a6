import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import type { BackupPreview } from '../../contract/backups'
import { parseHeader, type Header } from './encrypted-header'

/**
 * A backup that leaves the PC can be encrypted with a passphrase: AES-256-GCM (authenticated:
 * any changed byte makes decryption fail) under a key derived with scrypt. Nothing here is
 * home-made cryptography, only node:crypto's primitives and a file layout:
 *
 *   "BACKROOM-ENCRYPTED-BACKUP\n" · header length (4 bytes, big-endian) · header (JSON) ·
 *   ciphertext · GCM tag (16 bytes)
 *
 * The header (key-derivation parameters, salt, IV, a passphrase check value, and what the
 * backup holds: store name, date, counts) is readable without the passphrase and authenticated
 * with the ciphertext. The check value lets a wrong passphrase be told at once instead of after
 * reading the whole file; it gives an attacker nothing the ciphertext itself does not.
 */
const MAGIC = Buffer.from('BACKROOM-ENCRYPTED-BACKUP\n', 'ascii')
const TAG_BYTES = 16
/** OWASP's scrypt settings: 128 MiB and a few tenths of a second per guess. */
const KDF = { N: 2 ** 17, r: 8, p: 1 }
const MAX_HEADER_BYTES = 64 * 1024

/** Readable without the passphrase: never the hub the store was linked to (see backupHubLinkSchema). */
export type EncryptedPreview = Omit<BackupPreview, 'encrypted' | 'bytes' | 'hubLink'>

export class WrongPassphrase extends Error {}
export class NotReadable extends Error {}

/** The GCM tag that ends an encrypted file. */
export const ENCRYPTED_TAG_BYTES = TAG_BYTES

function deriveKeys(passphrase: string, kdf: Header['kdf']): Promise<{ key: Buffer; check: Buffer }> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 64, options, (error, derived) => {
      if (error) return reject(error)
      resolve({ key: derived.subarray(0, 32), check: createHash('sha256').update(derived.subarray(32)).digest() })
    }),
  )
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0
  while (offset < data.length) offset += (await handle.write(data, offset)).bytesWritten
}

/**
 * Encrypts `source` into `target` (created or replaced), synced to disk before it returns.
 * `newestMigration`: that of the database encrypted, for the header (encrypted-header.ts).
 */
export async function encryptFile(
  source: string,
  target: string,
  passphrase: string,
  preview: EncryptedPreview,
  { newestMigration }: { newestMigration: string | null },
): Promise<void> {
  const kdf = { name: 'scrypt' as const, ...KDF, salt: randomBytes(16).toString('base64') }
  const { key, check } = await deriveKeys(passphrase, kdf)
  const iv = randomBytes(12)
  const content = { bytes: (await stat(source)).size, newestMigration }
  const header: Header = { format: 1, kdf, cipher: 'aes-256-gcm', iv: iv.toString('base64'), check: check.toString('base64'), preview, content }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(headerBytes.length)
  const prefix = Buffer.concat([MAGIC, length, headerBytes])
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(prefix)
  const out = await open(target, 'w')
  try {
    await writeAll(out, prefix)
    for await (const chunk of createReadStream(source, { highWaterMark: 1024 * 1024 })) await writeAll(out, cipher.update(chunk as Buffer))
    await writeAll(out, cipher.final())
    await writeAll(out, cipher.getAuthTag())
    await out.sync()
  } finally {
    await out.close()
  }
}

/** The header of an encrypted backup, or null when `file` is not one (a plain SQLite copy). */
export async function readEncryptedHeader(file: string): Promise<{ header: Header; prefixBytes: number } | null> {
  const handle = await open(file, 'r')
  try {
    const start = Buffer.alloc(MAGIC.length + 4)
    const { bytesRead } = await handle.read(start, 0, start.length, 0)
    if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) return null
    const length = start.readUInt32BE(MAGIC.length)
    if (length > MAX_HEADER_BYTES) throw new NotReadable('header too large')
    const headerBytes = Buffer.alloc(length)
    const read = await handle.read(headerBytes, 0, length, start.length)
    const header = read.bytesRead === length ? parseHeader(headerBytes.toString('utf8')) : null
    if (!header) throw new NotReadable('header is not one the app writes')
    return { header, prefixBytes: start.length + length }
  } finally {
    await handle.close()
  }
}

/**
 * Decrypts an encrypted backup into `target`. Throws WrongPassphrase when the passphrase does
 * not match, NotReadable when the file was changed or cut short (GCM's tag does not match);
 * `target` is then incomplete and must be thrown away by the caller.
 */
export async function decryptFile(source: string, target: string | null, passphrase: string): Promise<void> {
  const found = await readEncryptedHeader(source)
  if (!found) throw new NotReadable('not an encrypted backup')
  const { header, prefixBytes } = found
  const { key, check } = await deriveKeys(passphrase, header.kdf)
  const expected = Buffer.from(header.check, 'base64')
  if (expected.length !== check.length || !timingSafeEqual(expected, check)) throw new WrongPassphrase()
  const size = (await stat(source)).size
  if (size < prefixBytes + TAG_BYTES) throw new NotReadable('file is cut short')
  const input = await open(source, 'r')
  const out = target ? await open(target, 'w') : null
  try {
    const prefix = Buffer.alloc(prefixBytes)
    await input.read(prefix, 0, prefixBytes, 0)
    const tag = Buffer.alloc(TAG_BYTES)
    await input.read(tag, 0, TAG_BYTES, size - TAG_BYTES)
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'))
    decipher.setAAD(prefix)
    decipher.setAuthTag(tag)
    const stream = input.createReadStream({ start: prefixBytes, end: size - TAG_BYTES - 1, autoClose: false, highWaterMark: 1024 * 1024 })
    for await (const chunk of stream) {
      const plain = decipher.update(chunk as Buffer)
      if (out) await writeAll(out, plain)
    }
    try {
      decipher.final()
    } catch {
      throw new NotReadable('the file was changed or is incomplete')
    }
    await out?.sync()
  } finally {
    await out?.close()
    await input.close()
  }
}
