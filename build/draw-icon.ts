/**
 * Draws the app icon (build/icon.png, 1024×1024, and build/icon.ico for Windows) so it can be
 * made again: `npx tsx build/draw-icon.ts`. A storage box on a slate tile: the back room.
 * electron-builder makes the macOS .icns and the Linux sizes from icon.png.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'

type Rgba = [number, number, number, number]
const SLATE: Rgba = [30, 41, 59, 255]
const LID: Rgba = [226, 232, 240, 255]
const BOX: Rgba = [248, 250, 252, 255]
const BAND: Rgba = [37, 99, 235, 255]

function insideRoundedRect(x: number, y: number, left: number, top: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, left + radius), left + size - radius)
  const cy = Math.min(Math.max(y, top + radius), top + size - radius)
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
}

const inRect = (x: number, y: number, l: number, t: number, r: number, b: number) => x >= l && x < r && y >= t && y < b

/** The colour at a point of a 1024 canvas (later shapes on top). */
function colourAt(x: number, y: number): Rgba | null {
  if (!insideRoundedRect(x, y, 32, 32, 960, 190)) return null
  // The lid, a little wider than the box.
  if (inRect(x, y, 232, 300, 792, 400)) return LID
  if (inRect(x, y, 272, 400, 752, 760)) {
    // A band across the box, and a label cut-out on it.
    if (inRect(x, y, 432, 470, 592, 530)) return BOX
    if (inRect(x, y, 272, 450, 752, 550)) return BAND
    return BOX
  }
  return SLATE
}

function draw(size: number): PNG {
  const png = new PNG({ width: size, height: size })
  const scale = 1024 / size
  const samples = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0]
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale)
          if (!c) continue
          for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3]
          sum[3] += c[3]
        }
      }
      const at = (py * size + px) * 4
      const alpha = sum[3] / (samples * samples)
      for (let i = 0; i < 3; i++) png.data[at + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0
      png.data[at + 3] = Math.round(alpha)
    }
  }
  return png
}

/** A Windows icon holding one 256×256 PNG image (the format Windows Vista and later read). */
function ico(png: Buffer): Buffer {
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(0, 6) // 256 wide
  header.writeUInt8(0, 7) // 256 high
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14)
  header.writeUInt32LE(header.length, 18)
  return Buffer.concat([header, png])
}

const here = __dirname
writeFileSync(join(here, 'icon.png'), PNG.sync.write(draw(1024)))
writeFileSync(join(here, 'icon.ico'), ico(PNG.sync.write(draw(256))))
