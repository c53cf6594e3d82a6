import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * The platform's secret storage, as the core sees it: seal a secret into text that only this
 * computer (this user's keyring) can open again. Electron passes one over safeStorage; the
 * core stores only what `seal` returns, never the secret.
 */
export interface SecretsPort {
  /** False where the platform cannot keep a secret safely (Linux without a keyring). */
  isAvailable(): boolean
  seal(secret: string): string
  /** Throws when the sealed text cannot be opened here (another computer, a reset keyring). */
  open(sealed: string): string
}

/**
 * For tests and the browser host: AES-256-GCM under a key made at start and held only in
 * memory. What it seals cannot be opened by another process, as a password sealed by
 * safeStorage on one computer cannot be opened on another.
 */
export function memorySecrets(): SecretsPort {
  const key = randomBytes(32)
  return {
    isAvailable: () => true,
    seal(secret) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}
