import type { Knex } from 'knex'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
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

/** The largest side main accepts: the renderer sends 256 px photos and 96 px thumbnails. */
export const MAX_PHOTO_SIDE = 1024
const JPEG_QUALITY = 85

interface Pixels {
  width: number
  height: number
  data: Buffer | Uint8Array
}

/** Decodes the whole image (not only its first bytes); undefined when it is not one, or too large. */
function decode(kind: string, bytes: Buffer): Pixels | undefined {
  try {
    const image: Pixels =
      kind === 'png'
        ? PNG.sync.read(bytes)
        : jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: 2, maxMemoryUsageInMB: 64, formatAsRGBA: true })
    const fits = image.width > 0 && image.height > 0 && Math.max(image.width, image.height) <= MAX_PHOTO_SIDE
    return fits ? image : undefined
  } catch {
    return undefined
  }
}

/**
 * The photo as main stores it: decoded in full and encoded again as a JPEG, so what is kept
 * is an image main made (a PNG signature followed by text, a JPEG with a payload in a comment
 * or after its end, camera metadata with a location: none of it survives). Undefined when
 * the data URL does not hold a JPEG or PNG that decodes.
 */
export function reencodePhoto(dataUrl: string): string | undefined {
  const match = /^data:image\/(jpeg|png);base64,/.exec(dataUrl)
  if (!match) return undefined
  const image = decode(match[1], Buffer.from(dataUrl.slice(match[0].length), 'base64'))
  if (!image) return undefined
  const encoded = jpeg.encode({ width: image.width, height: image.height, data: image.data }, JPEG_QUALITY)
  return `data:image/jpeg;base64,${Buffer.from(encoded.data).toString('base64')}`
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
