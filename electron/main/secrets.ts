import type { SafeStorage } from 'electron'
import type { SecretsPort } from '../core/mail/secrets'

/**
 * The core's secrets port over Electron's safeStorage (the OS keychain, DPAPI or the Linux
 * secret service). On Linux without a keyring safeStorage falls back to a fixed key
 * ('basic_text'), which is no protection: the port then says it is unavailable and the core
 * refuses to keep a password rather than keep it in the open.
 */
export function safeStorageSecrets(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string }): SecretsPort {
  return {
    isAvailable: () =>
      safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text'),
    seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
