// A small PNG codec for the icon pipeline: 8-bit RGBA (and RGB on input), non-interlaced, all five
// scanline filters when reading. Enough for our own drawn master and for a designer's export.
import { deflateSync, inflateSync } from 'node:zlib'

export interface Image {
  width: number
  height: number
  /** RGBA, 8 bits a channel, straight (not premultiplied) alpha, rows top to bottom. */
  data: Uint8Array
}

export function createImage(width: number, height: number): Image {
  return { width, height, data: new Uint8Array(width * height * 4) }
}

const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const crcTable = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length)
  out.writeUInt32BE(body.length, 0)
  out.write(type, 4, 'latin1')
  out.set(body, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length)
  return out
}

export function encodePng(image: Image): Buffer {
  const { width, height, data } = image
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type: RGBA
  // compression, filter method and interlace stay 0
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  // Filter 1 (Sub) on every row: smooth artwork compresses far better than unfiltered.
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1)
    raw[row] = 1
    for (let x = 0; x < stride; x++) {
      const value = data[y * stride + x]!
      const left = x >= 4 ? data[y * stride + x - 4]! : 0
      raw[row + 1 + x] = (value - left) & 0xff
    }
  }
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

export function decodePng(file: Uint8Array): Image {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG file')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const body = bytes.subarray(offset + 8, offset + 8 + length)
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`)
    }
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || (colour !== 6 && colour !== 2) || interlace !== 0) {
        throw new Error('only 8-bit RGB/RGBA non-interlaced PNGs are supported as icon sources')
      }
      channels = colour === 6 ? 4 : 3
    } else if (type === 'IDAT') {
      idat.push(body)
    } else if (type === 'IEND') {
      break
    }
    offset += 12 + length
  }
  if (!width || !height) throw new Error('PNG without IHDR')
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const source = y * (stride + 1) + 1
    const row = y * stride
    for (let x = 0; x < stride; x++) {
      const value = raw[source + x]!
      const a = x >= channels ? pixels[row + x - channels]! : 0
      const b = y > 0 ? pixels[row - stride + x]! : 0
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0
      const predicted =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : NaN
      if (Number.isNaN(predicted)) throw new Error(`unknown PNG filter ${filter}`)
      pixels[row + x] = (value + predicted) & 0xff
    }
  }
  const image = createImage(width, height)
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    image.data[i * 4] = pixels[j]!
    image.data[i * 4 + 1] = pixels[j + 1]!
    image.data[i * 4 + 2] = pixels[j + 2]!
    image.data[i * 4 + 3] = channels === 4 ? pixels[j + 3]! : 255
  }
  return image
}

/**
 * Area-averaging downscale (each target pixel is the coverage-weighted mean of the source pixels
 * under it), in premultiplied alpha so transparent edges do not darken.
 */
export function downscale(source: Image, size: number): Image {
  const { width, height, data } = source
  const target = createImage(size, size)
  const sx = width / size
  const sy = height / size
  const spans = (scale: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const start = i * scale
      const end = start + scale
      const cells: Array<[number, number]> = []
      for (let p = Math.floor(start); p < Math.ceil(end); p++) {
        const weight = Math.min(end, p + 1) - Math.max(start, p)
        if (weight > 0) cells.push([p, weight])
      }
      return cells
    })
  const columns = spans(sx, size)
  const rows = spans(sy, size)
  for (let ty = 0; ty < size; ty++) {
    for (let tx = 0; tx < size; tx++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let total = 0
      for (const [y, wy] of rows[ty]!) {
        for (const [x, wx] of columns[tx]!) {
          const w = wx * wy
          const i = (y * width + x) * 4
          const alpha = data[i + 3]! / 255
          r += data[i]! * alpha * w
          g += data[i + 1]! * alpha * w
          b += data[i + 2]! * alpha * w
          a += alpha * w
          total += w
        }
      }
      const o = (ty * size + tx) * 4
      const alpha = a / total
      target.data[o] = alpha > 0 ? Math.round(r / a) : 0
      target.data[o + 1] = alpha > 0 ? Math.round(g / a) : 0
      target.data[o + 2] = alpha > 0 ? Math.round(b / a) : 0
      target.data[o + 3] = Math.round(alpha * 255)
    }
  }
  return target
}
