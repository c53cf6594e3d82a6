import { inflateSync } from 'node:zlib'

/** WOFF 1.0 (W3C): a 44-byte header, 20-byte table entries, each table zlib-compressed unless that would not be smaller. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font')
  const flavor = woff.readUInt32BE(4)
  const count = woff.readUInt16BE(12)
  const tables: { tag: number; checksum: number; data: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20
    const offset = woff.readUInt32BE(entry + 4)
    const compLength = woff.readUInt32BE(entry + 8)
    const origLength = woff.readUInt32BE(entry + 12)
    const stored = woff.subarray(offset, offset + compLength)
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data: compLength < origLength ? inflateSync(stored) : stored })
  }
  // The sfnt offset table, then its 16-byte table records, then each table 4-byte aligned.
  const pad = (n: number) => (n + 3) & ~3
  let size = 12 + 16 * count
  for (const table of tables) size += pad(table.data.length)
  const out = Buffer.alloc(size)
  const power = 2 ** Math.floor(Math.log2(count))
  out.writeUInt32BE(flavor, 0)
  out.writeUInt16BE(count, 4)
  out.writeUInt16BE(power * 16, 6)
  out.writeUInt16BE(Math.log2(power), 8)
  out.writeUInt16BE(count * 16 - power * 16, 10)
  let at = 12 + 16 * count
  tables.forEach((table, i) => {
    const record = 12 + i * 16
    out.writeUInt32BE(table.tag, record)
    out.writeUInt32BE(table.checksum, record + 4)
    out.writeUInt32BE(at, record + 8)
    out.writeUInt32BE(table.data.length, record + 12)
    table.data.copy(out, at)
    at += pad(table.data.length)
  })
  return out
}
