// Draws the tray icons (one per state) with a tiny PNG encoder over node:zlib and writes them to
// resources/tray/: PNGs (16 and 32 px), macOS template images (black + alpha, @2x) and a Windows
// .ico holding 16/24/32 px PNGs. Run: node scripts/tray-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'tray')

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
/** RGBA pixels (Uint8Array, size*size*4) → PNG bytes. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
/** PNG images → one .ico (PNG-compressed entries, Vista and later). */
export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, index) => {
    const at = 6 + index * 16
    header[at] = size >= 256 ? 0 : size
    header[at + 1] = size >= 256 ? 0 : size
    header.writeUInt16LE(1, at + 4) // planes
    header.writeUInt16LE(32, at + 6) // bits per pixel
    header.writeUInt32LE(png.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((image) => image.png)])
}

// Shapes in a unit square (0..1), as coverage tests.
const shield = (x, y) => {
  // A shield: flat top, straight sides, a curved point at the bottom.
  if (y < 0.08 || y > 0.94 || x < 0.14 || x > 0.86) return false
  if (y < 0.55) return true
  const half = 0.36 * Math.sqrt(Math.max(0, 1 - ((y - 0.55) / 0.39) ** 2))
  return Math.abs(x - 0.5) <= half
}
const inner = (x, y) => shield(0.5 + (x - 0.5) / 0.72, 0.5 + (y - 0.52) / 0.72)
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy)
  return d <= r && d >= r - w
}
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= w / 2
}
const any = (...shapes) => (x, y) => shapes.some((shape) => shape(x, y))

// Each state: the shield (filled or outlined) and a mark; colours for PNG/ICO, black for templates.
const states = {
  ok: { color: [16, 124, 16], mark: any(segment(0.33, 0.5, 0.46, 0.64, 0.1), segment(0.46, 0.64, 0.7, 0.36, 0.1)), filled: true },
  alerts: { color: [197, 15, 31], mark: any(segment(0.5, 0.26, 0.5, 0.56, 0.12), disc(0.5, 0.72, 0.07)), filled: true },
  syncing: { color: [15, 108, 189], mark: any(ring(0.5, 0.5, 0.22, 0.08), segment(0.62, 0.26, 0.74, 0.34, 0.08)), filled: true },
  error: { color: [188, 75, 9], mark: any(segment(0.36, 0.36, 0.64, 0.64, 0.1), segment(0.64, 0.36, 0.36, 0.64, 0.1)), filled: true },
  signedOut: { color: [112, 112, 112], mark: () => false, filled: false },
}

function draw(size, state, template) {
  const { color, mark, filled } = states[state]
  const rgba = new Uint8Array(size * size * 4)
  const samples = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let body = 0
      let cut = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size
          const y = (py + (sy + 0.5) / samples) / size
          if (!shield(x, y)) continue
          const hollow = !filled && inner(x, y)
          if (hollow) continue
          if (mark(x, y)) cut++
          else body++
        }
      }
      const total = samples * samples
      const at = (py * size + px) * 4
      if (template) {
        // Template: the mark is cut out of the black shield (the OS tints the rest).
        rgba[at + 3] = Math.round((255 * body) / total)
      } else {
        const alpha = (body + cut) / total
        const white = alpha > 0 ? cut / (body + cut) : 0
        for (let c = 0; c < 3; c++) rgba[at + c] = Math.round(color[c] * (1 - white) + 255 * white)
        rgba[at + 3] = Math.round(255 * alpha)
      }
    }
  }
  return encodePng(size, rgba)
}

mkdirSync(out, { recursive: true })
for (const state of Object.keys(states)) {
  writeFileSync(join(out, `tray-${state}.png`), draw(16, state, false))
  writeFileSync(join(out, `tray-${state}@2x.png`), draw(32, state, false))
  writeFileSync(join(out, `tray-${state}Template.png`), draw(16, state, true))
  writeFileSync(join(out, `tray-${state}Template@2x.png`), draw(32, state, true))
  writeFileSync(join(out, `tray-${state}.ico`), encodeIco([16, 24, 32].map((size) => ({ size, png: draw(size, state, false) }))))
}
console.log(`Tray icons written to ${out}`)
