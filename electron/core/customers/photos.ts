import type { Knex } from 'knex'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'

export interface PhotoRow {
  /** The customer's id: one photo per customer. */
  id: string
  photo: string | null
  thumbnail: string | null
  updated_at: string
}

/** The change log says only that the photo changed; the thumbnail follows the photo. */
const TRACKING = { secret: ['photo'], untracked: ['thumbnail'] }

const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
}

/**
 * The contract checks the data URL's shape; this checks that the bytes really are the image
 * type it claims, so a renamed file of another kind is refused in main too.
 */
export function isImageDataUrl(dataUrl: string): boolean {
  const match = /^data:image\/(jpeg|png|webp);base64,/.exec(dataUrl)
  if (!match) return false
  const head = Buffer.from(dataUrl.slice(match[0].length, match[0].length + 24), 'base64')
  return SIGNATURES[match[1]](head)
}

export function findPhoto(db: Knex, customerId: string): Promise<PhotoRow | undefined> {
  return db<PhotoRow>('customer_photos').where({ id: customerId }).first()
}

/** Sets (or, with null, removes) a customer's photo and thumbnail. */
export async function savePhoto(w: Writer, customerId: string, image: { photo: string; thumbnail: string } | null): Promise<void> {
  const values = { photo: image?.photo ?? null, thumbnail: image?.thumbnail ?? null, updated_at: w.at }
  const updated = await updateTracked(w, 'customer_photos', customerId, values, TRACKING)
  if (!updated && image) await insertTracked(w, 'customer_photos', { id: customerId, ...values }, TRACKING)
}
