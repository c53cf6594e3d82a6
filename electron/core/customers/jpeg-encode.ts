/**
 * A baseline JPEG encoder (4:4:4, the standard Huffman tables) that makes exactly the bytes
 * jpeg-js's `encode` makes (jpeg-js/lib/encoder.js, BSD-licensed: Adobe's AS3 JPGEncoder as
 * ported by Andreas Ritter), with its tables built once per process instead of on every call.
 * jpeg-js builds a new encoder for each image, and with it 65,535 two-element arrays (each
 * value's Huffman category and bits): 25–45 ms of CPU, mostly garbage collection, for any image,
 * a one-pixel one included. Main encodes twice per saved photo (the photo, its thumbnail) and
 * once for each thumbnail the applier makes again. The arithmetic is jpeg-js's, step for step
 * (photo-encode.test.ts compares the bytes).
 */

export interface RgbaImage {
  width: number
  height: number
  /** RGBA, four bytes a pixel, row by row. */
  data: ArrayLike<number>
}

const ZIG_ZAG = [
  0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42, 3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18, 24, 31, 40, 44, 53, 10, 19, 23, 32, 39, 45, 52, 54, 20,
  22, 33, 38, 46, 51, 55, 60, 21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
]

const DC_LUMINANCE_CODES = [0, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const DC_LUMINANCE_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const AC_LUMINANCE_CODES = [0, 0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d]
const AC_LUMINANCE_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42,
  0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35,
  0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67,
  0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
  0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
  0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4,
  0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
]
const DC_CHROMINANCE_CODES = [0, 0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
const DC_CHROMINANCE_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const AC_CHROMINANCE_CODES = [0, 0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77]
const AC_CHROMINANCE_VALUES = [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1,
  0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a,
  0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66,
  0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96,
  0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4,
  0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
]

const Y_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77,
  24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
const UV_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
]
const AASF = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379]

/** A Huffman table: each symbol's code and length in bits. */
interface HuffmanTable {
  code: number[]
  length: number[]
}

function huffmanTable(codes: readonly number[], values: readonly number[]): HuffmanTable {
  const table: HuffmanTable = { code: [], length: [] }
  let code = 0
  let at = 0
  for (let length = 1; length <= 16; length++) {
    for (let j = 1; j <= codes[length]; j++) {
      table.code[values[at]] = code
      table.length[values[at]] = length
      at++
      code++
    }
    code *= 2
  }
  return table
}

/** What does not depend on the image or the quality: built on the first encode. */
interface Tables {
  yDc: HuffmanTable
  uvDc: HuffmanTable
  yAc: HuffmanTable
  uvAc: HuffmanTable
  /** By 32767 + value, for values from -32767 to 32767: the value's category (its length in bits) and its bits. */
  category: Int32Array
  bitcode: Int32Array
  rgbYuv: Int32Array
}

let tables: Tables | undefined

function sharedTables(): Tables {
  if (tables) return tables
  const category = new Int32Array(65535)
  const bitcode = new Int32Array(65535)
  let lower = 1
  let upper = 2
  for (let cat = 1; cat <= 15; cat++) {
    for (let nr = lower; nr < upper; nr++) {
      category[32767 + nr] = cat
      bitcode[32767 + nr] = nr
    }
    for (let nr = -(upper - 1); nr <= -lower; nr++) {
      category[32767 + nr] = cat
      bitcode[32767 + nr] = upper - 1 + nr
    }
    lower <<= 1
    upper <<= 1
  }
  const rgbYuv = new Int32Array(2048)
  for (let i = 0; i < 256; i++) {
    rgbYuv[i] = 19595 * i
    rgbYuv[i + 256] = 38470 * i
    rgbYuv[i + 512] = 7471 * i + 0x8000
    rgbYuv[i + 768] = -11059 * i
    rgbYuv[i + 1024] = -21709 * i
    rgbYuv[i + 1280] = 32768 * i + 0x807fff
    rgbYuv[i + 1536] = -27439 * i
    rgbYuv[i + 1792] = -5329 * i
  }
  tables = {
    yDc: huffmanTable(DC_LUMINANCE_CODES, DC_LUMINANCE_VALUES),
    uvDc: huffmanTable(DC_CHROMINANCE_CODES, DC_CHROMINANCE_VALUES),
    yAc: huffmanTable(AC_LUMINANCE_CODES, AC_LUMINANCE_VALUES),
    uvAc: huffmanTable(AC_CHROMINANCE_CODES, AC_CHROMINANCE_VALUES),
    category,
    bitcode,
    rgbYuv,
  }
  return tables
}

/** The quantisation tables of a quality (as written in the file) and the DCT's scaled divisors. */
interface Quantisation {
  y: number[]
  uv: number[]
  fdtblY: number[]
  fdtblUv: number[]
}

const quantisations = new Map<number, Quantisation>()

function quantisationFor(quality: number): Quantisation {
  const kept = quantisations.get(quality)
  if (kept) return kept
  const sf = quality < 50 ? Math.floor(5000 / quality) : Math.floor(200 - quality * 2)
  const y: number[] = new Array(64)
  const uv: number[] = new Array(64)
  for (let i = 0; i < 64; i++) {
    y[ZIG_ZAG[i]] = Math.min(255, Math.max(1, Math.floor((Y_QUANT[i] * sf + 50) / 100)))
    uv[ZIG_ZAG[i]] = Math.min(255, Math.max(1, Math.floor((UV_QUANT[i] * sf + 50) / 100)))
  }
  const fdtblY: number[] = new Array(64)
  const fdtblUv: number[] = new Array(64)
  let k = 0
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      fdtblY[k] = 1.0 / (y[ZIG_ZAG[k]] * AASF[row] * AASF[col] * 8.0)
      fdtblUv[k] = 1.0 / (uv[ZIG_ZAG[k]] * AASF[row] * AASF[col] * 8.0)
      k++
    }
  }
  const made = { y, uv, fdtblY, fdtblUv }
  quantisations.set(quality, made)
  return made
}

/**
 * One 8-point forward DCT (AAN, floating point) in place, over data[base], data[base + step], …:
 * a row of a block (step 1) or a column (step 8). jpeg-js writes the two loops out; the
 * arithmetic is the same, operation for operation, so the bytes are too.
 */
function fdct8(data: number[], base: number, step: number): void {
  const d0 = data[base], d1 = data[base + step], d2 = data[base + 2 * step], d3 = data[base + 3 * step]
  const d4 = data[base + 4 * step], d5 = data[base + 5 * step], d6 = data[base + 6 * step], d7 = data[base + 7 * step]
  const tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6
  const tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4
  let tmp10 = tmp0 + tmp3
  const tmp13 = tmp0 - tmp3
  let tmp11 = tmp1 + tmp2
  let tmp12 = tmp1 - tmp2
  data[base] = tmp10 + tmp11
  data[base + 4 * step] = tmp10 - tmp11
  const z1 = (tmp12 + tmp13) * 0.707106781
  data[base + 2 * step] = tmp13 + z1
  data[base + 6 * step] = tmp13 - z1
  tmp10 = tmp4 + tmp5
  tmp11 = tmp5 + tmp6
  tmp12 = tmp6 + tmp7
  const z5 = (tmp10 - tmp12) * 0.382683433
  const z2 = 0.5411961 * tmp10 + z5
  const z4 = 1.306562965 * tmp12 + z5
  const z3 = tmp11 * 0.707106781
  const z11 = tmp7 + z3
  const z13 = tmp7 - z3
  data[base + 5 * step] = z13 + z2
  data[base + 3 * step] = z13 - z2
  data[base + step] = z11 + z4
  data[base + 7 * step] = z11 - z4
}

/** Forward DCT of an 8×8 block in place (rows, then columns), then quantised: jpeg-js's fDCTQuant. */
function fdctQuant(data: number[], fdtbl: readonly number[], out: number[]): number[] {
  for (let row = 0; row < 64; row += 8) fdct8(data, row, 1)
  for (let column = 0; column < 8; column++) fdct8(data, column, 8)
  for (let i = 0; i < 64; i++) {
    const q = data[i] * fdtbl[i]
    out[i] = q > 0.0 ? (q + 0.5) | 0 : (q - 0.5) | 0
  }
  return out
}

/** The bytes of one encode, and the bit writer's state. */
class Writer {
  readonly bytes: number[] = []
  private byte = 0
  private position = 7

  bits(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      if (value & (1 << bit)) this.byte |= 1 << this.position
      this.position--
      if (this.position < 0) {
        if (this.byte === 0xff) {
          this.bytes.push(0xff, 0)
        } else {
          this.bytes.push(this.byte)
        }
        this.position = 7
        this.byte = 0
      }
    }
  }

  /** The last byte's free bits set, as jpeg-js does before the end marker. */
  flush(): void {
    if (this.position >= 0) this.bits((1 << (this.position + 1)) - 1, this.position + 1)
  }

  byteOut(value: number): void {
    this.bytes.push(value)
  }

  word(value: number): void {
    this.bytes.push((value >> 8) & 0xff, value & 0xff)
  }
}

function writeHeaders(out: Writer, width: number, height: number, q: Quantisation): void {
  out.word(0xffd8)
  // APP0: JFIF 1.1, no units, density 1×1, no thumbnail.
  out.word(0xffe0)
  out.word(16)
  for (const b of [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]) out.byteOut(b)
  out.word(1)
  out.word(1)
  out.byteOut(0)
  out.byteOut(0)
  // DQT
  out.word(0xffdb)
  out.word(132)
  out.byteOut(0)
  for (let i = 0; i < 64; i++) out.byteOut(q.y[i])
  out.byteOut(1)
  for (let i = 0; i < 64; i++) out.byteOut(q.uv[i])
  // SOF0: 8-bit, three components, no subsampling.
  out.word(0xffc0)
  out.word(17)
  out.byteOut(8)
  out.word(height)
  out.word(width)
  for (const b of [3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]) out.byteOut(b)
  // DHT
  out.word(0xffc4)
  out.word(0x01a2)
  const table = (id: number, codes: readonly number[], values: readonly number[], count: number) => {
    out.byteOut(id)
    for (let i = 0; i < 16; i++) out.byteOut(codes[i + 1])
    for (let i = 0; i < count; i++) out.byteOut(values[i])
  }
  table(0, DC_LUMINANCE_CODES, DC_LUMINANCE_VALUES, 12)
  table(0x10, AC_LUMINANCE_CODES, AC_LUMINANCE_VALUES, 162)
  table(1, DC_CHROMINANCE_CODES, DC_CHROMINANCE_VALUES, 12)
  table(0x11, AC_CHROMINANCE_CODES, AC_CHROMINANCE_VALUES, 162)
  // SOS
  out.word(0xffda)
  out.word(12)
  for (const b of [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]) out.byteOut(b)
}

/** Encodes one 8×8 block's coefficients; answers its DC value (the next block's DC is coded as a difference). */
function writeBlock(out: Writer, t: Tables, block: number[], fdtbl: readonly number[], previousDc: number, dcTable: HuffmanTable, acTable: HuffmanTable, scratch: { dct: number[]; du: number[] }): number {
  const dct = fdctQuant(block, fdtbl, scratch.dct)
  const du = scratch.du
  for (let j = 0; j < 64; j++) du[ZIG_ZAG[j]] = dct[j]
  const diff = du[0] - previousDc
  if (diff === 0) {
    out.bits(dcTable.code[0], dcTable.length[0])
  } else {
    const at = 32767 + diff
    out.bits(dcTable.code[t.category[at]], dcTable.length[t.category[at]])
    out.bits(t.bitcode[at], t.category[at])
  }
  let end = 63
  while (end > 0 && du[end] === 0) end--
  if (end === 0) {
    out.bits(acTable.code[0x00], acTable.length[0x00])
    return du[0]
  }
  let i = 1
  while (i <= end) {
    const start = i
    while (du[i] === 0 && i <= end) i++
    let zeroes = i - start
    if (zeroes >= 16) {
      for (let n = 1; n <= zeroes >> 4; n++) out.bits(acTable.code[0xf0], acTable.length[0xf0])
      zeroes &= 0xf
    }
    const at = 32767 + du[i]
    const symbol = (zeroes << 4) + t.category[at]
    out.bits(acTable.code[symbol], acTable.length[symbol])
    out.bits(t.bitcode[at], t.category[at])
    i++
  }
  if (end !== 63) out.bits(acTable.code[0x00], acTable.length[0x00])
  return du[0]
}

/** The JPEG of an RGBA image at `quality` (1–100), byte for byte what jpeg-js's `encode(image, quality)` makes. */
export function encodeJpeg(image: RgbaImage, quality: number): Buffer {
  const t = sharedTables()
  const q = quantisationFor(Math.min(100, Math.max(1, quality || 50)))
  const out = new Writer()
  writeHeaders(out, image.width, image.height, q)
  const { data, width, height } = image
  const rowBytes = width * 4
  const y: number[] = new Array(64)
  const u: number[] = new Array(64)
  const v: number[] = new Array(64)
  const scratch = { dct: new Array<number>(64), du: new Array<number>(64) }
  const { rgbYuv } = t
  let dcY = 0
  let dcU = 0
  let dcV = 0
  for (let top = 0; top < height; top += 8) {
    for (let x = 0; x < rowBytes; x += 32) {
      const start = rowBytes * top + x
      for (let pos = 0; pos < 64; pos++) {
        const row = pos >> 3
        const col = (pos & 7) * 4
        let p = start + row * rowBytes + col
        // Past the bottom or the right edge, the last row or column again.
        if (top + row >= height) p -= rowBytes * (top + 1 + row - height)
        if (x + col >= rowBytes) p -= x + col - rowBytes + 4
        const r = data[p]
        const g = data[p + 1]
        const b = data[p + 2]
        y[pos] = ((rgbYuv[r] + rgbYuv[g + 256] + rgbYuv[b + 512]) >> 16) - 128
        u[pos] = ((rgbYuv[r + 768] + rgbYuv[g + 1024] + rgbYuv[b + 1280]) >> 16) - 128
        v[pos] = ((rgbYuv[r + 1280] + rgbYuv[g + 1536] + rgbYuv[b + 1792]) >> 16) - 128
      }
      dcY = writeBlock(out, t, y, q.fdtblY, dcY, t.yDc, t.yAc, scratch)
      dcU = writeBlock(out, t, u, q.fdtblUv, dcU, t.uvDc, t.uvAc, scratch)
      dcV = writeBlock(out, t, v, q.fdtblUv, dcV, t.uvDc, t.uvAc, scratch)
    }
  }
  out.flush()
  out.word(0xffd9)
  return Buffer.from(out.bytes)
}
