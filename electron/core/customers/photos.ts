import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'
import { encodeJpeg } from './jpeg-encode'

/** The largest side main accepts: the renderer sends 256 px photos and 96 px thumbnails. */
export const MAX_PHOTO_SIDE = 1024
const JPEG_QUALITY = 85

interface Pixels {
  width: number
  height: number
  data: Buffer | Uint8Array
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])

/**
 * True when the PNG's header (IHDR, the first chunk: width and height at bytes 16–23) says it
 * fits. Read before decoding: a few kilobytes of PNG can declare 16000×16000 pixels, which
 * pngjs would inflate in full (seconds and gigabytes) before the size could be checked.
 */
function pngHeaderFits(bytes: Buffer): boolean {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return false
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  return width > 0 && height > 0 && Math.max(width, height) <= MAX_PHOTO_SIDE
}

/** Decodes the whole image (not only its first bytes); undefined when it is not one, or too large. */
function decode(kind: string, bytes: Buffer): Pixels | undefined {
  if (kind === 'png' && !pngHeaderFits(bytes)) return undefined
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
  return `data:image/jpeg;base64,${encodeJpeg(image, JPEG_QUALITY).toString('base64')}`
}

/** The longest side of the thumbnail the customer table shows in every row. */
export const THUMBNAIL_SIDE = 96

/**
 * Averages each block of source pixels into one (a box filter): enough for a 96-pixel
 * thumbnail of a 256-pixel photo, and the same bytes on every store.
 */
function scaleDown(image: Pixels, longestSide: number): Pixels {
  const scale = Math.min(1, longestSide / Math.max(image.width, image.height))
  const width = Math.max(1, Math.round(image.width * scale))
  const height = Math.max(1, Math.round(image.height * scale))
  const data = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height)
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height))
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width)
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width))
      const sum = [0, 0, 0, 0]
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const at = (sy * image.width + sx) * 4
          for (let c = 0; c < 4; c++) sum[c] += image.data[at + c]
        }
      }
      const count = (y1 - y0) * (x1 - x0)
      for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = Math.round(sum[c] / count)
    }
  }
  return { width, height, data }
}

const JPEG_DATA_URL = 'data:image/jpeg;base64,'

/** The table's thumbnail of a stored photo (a JPEG main made): a cache every store computes the same way. */
export function thumbnailOf(photo: Buffer): string {
  const image = jpeg.decode(photo, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 2 })
  const small = scaleDown(image, THUMBNAIL_SIDE)
  return JPEG_DATA_URL + encodeJpeg(small, JPEG_QUALITY).toString('base64')
}

/** Photos are content-addressed: the entry carries the hash, the bytes travel as a blob. */
export function photoHash(photo: Buffer): string {
  return createHash('sha256').update(photo).digest('hex')
}

export interface PhotoRow {
  /** The customer's id: one photo per customer. */
  id: string
  photo_hash: string | null
  thumbnail: string | null
  updated_at: string
}

/** The customer's photo as a data URL, with its thumbnail. */
export async function findPhoto(db: Knex, customerId: string): Promise<{ photo: string | null; thumbnail: string | null } | undefined> {
  const row = await db('customer_photos as p')
    .leftJoin('blobs as b', 'b.hash', 'p.photo_hash')
    .select('p.thumbnail', 'b.data', 'b.mime')
    .where('p.id', customerId)
    .first()
  if (!row) return undefined
  return { photo: row.data ? `data:${row.mime};base64,${Buffer.from(row.data).toString('base64')}` : null, thumbnail: row.thumbnail }
}

/** Keeps a photo's bytes once, by hash. */
export async function storeBlob(db: Knex, photo: Buffer, at: string): Promise<string> {
  const hash = photoHash(photo)
  await db.raw('INSERT OR IGNORE INTO blobs (hash, mime, data, created_at) VALUES (?, ?, ?, ?)', [hash, 'image/jpeg', photo, at])
  return hash
}

/** The customer_photos thumbnail cache, made again from the blob its hash names (sync calls this too). */
export async function refreshThumbnail(db: Knex, customerId: string): Promise<void> {
  const row = await db('customer_photos as p').leftJoin('blobs as b', 'b.hash', 'p.photo_hash').select('b.data').where('p.id', customerId).first()
  if (!row) return
  await db('customer_photos')
    .where({ id: customerId })
    .update({ thumbnail: row.data ? thumbnailOf(Buffer.from(row.data)) : null })
}

/** Sets (or, with null, removes) a customer's photo: a JPEG data URL main made (see reencodePhoto). */
export async function savePhoto(w: Writer, customerId: string, photo: string | null): Promise<void> {
  const bytes = photo === null ? null : Buffer.from(photo.slice(JPEG_DATA_URL.length), 'base64')
  const hash = bytes ? await storeBlob(w.trx, bytes, w.at) : null
  const values = { photo_hash: hash, thumbnail: bytes ? thumbnailOf(bytes) : null, updated_at: w.at }
  const updated = await updateTracked(w, 'customer_photos', customerId, values)
  if (!updated && hash) await insertTracked(w, 'customer_photos', { id: customerId, ...values })
}
