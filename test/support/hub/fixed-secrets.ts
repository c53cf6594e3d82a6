import type { SecretsPort } from '../../../electron/core/mail/secrets'

/** A keyring two processes share (a test's parent and the child it kills): sealed text is only base64. Tests only. */
export function sharedTestSecrets(): SecretsPort {
  return {
    isAvailable: () => true,
    seal: (secret) => `test:${Buffer.from(secret, 'utf8').toString('base64')}`,
    open: (sealed) => {
      if (!sealed.startsWith('test:')) throw new Error('not sealed here')
      return Buffer.from(sealed.slice(5), 'base64').toString('utf8')
    },
  }
}
