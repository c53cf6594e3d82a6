import type { Knex } from 'knex'
import { createHash } from 'node:crypto'
import { refreshThumbnail } from '../customers/photos'

/** A photo's bytes as they travel between stores, named by their sha256. */
export interface Blob {
  hash: string
  mime: string
  data: Buffer
}

/** Hashes this database's photos point at whose bytes have not arrived yet. */
export async function missingBlobs(db: Knex): Promise<string[]> {
  return db('customer_photos as p')
    .leftJoin('blobs as b', 'b.hash', 'p.photo_hash')
    .whereNotNull('p.photo_hash')
    .whereNull('b.hash')
    .distinct()
    .pluck('p.photo_hash')
}

/** The bytes of the blobs named, to send to another store. */
export function readBlobs(db: Knex, hashes: readonly string[]): Promise<Blob[]> {
  return db('blobs').select('hash', 'mime', 'data').whereIn('hash', [...hashes])
}

/**
 * Keeps blobs that arrived (only those whose bytes hash to their name: a blob is its content),
 * then makes the thumbnails of the photos that were waiting for them.
 */
export async function storeBlobs(db: Knex, blobs: readonly Blob[], at: string): Promise<number> {
  let stored = 0
  for (const blob of blobs) {
    if (createHash('sha256').update(blob.data).digest('hex') !== blob.hash || !/^image\/(jpeg|png)$/.test(blob.mime)) continue
    await db.raw('INSERT OR IGNORE INTO blobs (hash, mime, data, created_at) VALUES (?, ?, ?, ?)', [blob.hash, blob.mime, blob.data, at])
    const waiting: string[] = await db('customer_photos').where({ photo_hash: blob.hash }).pluck('id')
    for (const id of waiting) await refreshThumbnail(db, id)
    stored += 1
  }
  return stored
}
