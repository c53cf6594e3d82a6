import jpeg from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { encodeJpeg, type RgbaImage } from '../../../electron/core/customers/jpeg-encode'

/** Pixels from a seed: noise, gradients and flat areas (runs of zero coefficients, long ones too). */
function image(width: number, height: number, seed: number): RgbaImage {
  const data = Buffer.alloc(width * height * 4)
  let state = seed >>> 0 || 1
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 24
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4
      const region = (Math.floor(x / 11) + Math.floor(y / 7) + seed) % 3
      data[at] = region === 0 ? next() : region === 1 ? (x * 255) / Math.max(1, width - 1) : 200
      data[at + 1] = region === 0 ? next() : region === 1 ? (y * 255) / Math.max(1, height - 1) : 30
      data[at + 2] = region === 0 ? next() : (x + y) % 256
      data[at + 3] = 255
    }
  }
  return { width, height, data }
}

describe('the photo encoder (customers/jpeg-encode.ts)', () => {
  it('makes the bytes jpeg-js makes, whatever the size (edges not on a block) and quality', () => {
    // jpeg-js takes ~40 ms an image whatever its size: main's quality (85) at every size, the others at one.
    const cases: [number, number, number][] = [[1, 1, 85], [8, 8, 85], [9, 3, 85], [96, 72, 85], [37, 101, 85], [256, 256, 85]]
    for (const quality of [1, 30, 50, 100, 0, 120]) cases.push([23, 17, quality])
    for (const [i, [width, height, quality]] of cases.entries()) {
      const pixels = image(width, height, i + 1)
      expect(encodeJpeg(pixels, quality).equals(jpeg.encode(pixels, quality).data), `${width}×${height} at ${quality}`).toBe(true)
    }
  })

  it('makes the same bytes again once its tables are built (nothing of one image stays for the next)', () => {
    const a = image(40, 24, 7)
    const b = image(17, 9, 8)
    const first = encodeJpeg(a, 85)
    encodeJpeg(b, 85)
    encodeJpeg(b, 20)
    expect(encodeJpeg(a, 85).equals(first)).toBe(true)
    expect(jpeg.decode(first, { useTArray: true })).toMatchObject({ width: 40, height: 24 })
  })
})
