// ICO (Windows) and ICNS (macOS) containers. Both are a directory of images: ICO entries up to 64
// px are 32-bit BMPs (what every Windows component reads), larger ones PNG; ICNS entries are PNGs
// under Apple's type codes.
import { encodePng, type Image } from './png'

function bmpEntry(image: Image): Buffer {
  const { width, height, data } = image
  const maskStride = Math.ceil(width / 32) * 4
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(width, 4)
  header.writeInt32LE(height * 2, 8) // colour rows + AND-mask rows
  header.writeUInt16LE(1, 12) // planes
  header.writeUInt16LE(32, 14) // bits per pixel
  header.writeUInt32LE(0, 16) // BI_RGB
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20)
  const pixels = Buffer.alloc(width * height * 4)
  const mask = Buffer.alloc(maskStride * height)
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y // bottom-up
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const o = (row * width + x) * 4
      pixels[o] = data[i + 2]!
      pixels[o + 1] = data[i + 1]!
      pixels[o + 2] = data[i]!
      pixels[o + 3] = data[i + 3]!
      if (data[i + 3] === 0) mask[row * maskStride + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  }
  return Buffer.concat([header, pixels, mask])
}

export function encodeIco(images: readonly Image[]): Buffer {
  const entries = images.map((image) => (image.width <= 64 ? bmpEntry(image) : encodePng(image)))
  const directory = Buffer.alloc(6 + 16 * images.length)
  directory.writeUInt16LE(0, 0)
  directory.writeUInt16LE(1, 2) // type: icon
  directory.writeUInt16LE(images.length, 4)
  let offset = directory.length
  images.forEach((image, n) => {
    const at = 6 + n * 16
    directory[at] = image.width >= 256 ? 0 : image.width // 0 means 256
    directory[at + 1] = image.height >= 256 ? 0 : image.height
    directory[at + 2] = 0 // no palette
    directory[at + 3] = 0
    directory.writeUInt16LE(1, at + 4) // colour planes
    directory.writeUInt16LE(32, at + 6) // bits per pixel
    directory.writeUInt32LE(entries[n]!.length, at + 8)
    directory.writeUInt32LE(offset, at + 12)
    offset += entries[n]!.length
  })
  return Buffer.concat([directory, ...entries])
}

/** Apple's PNG-bearing ICNS types and the pixel size each holds. */
export const icnsTypes: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['ic11', 32], // 16@2x
  ['icp5', 32],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
]

export function encodeIcns(imageOfSize: (size: number) => Image): Buffer {
  const parts = icnsTypes.map(([type, size]) => {
    const png = encodePng(imageOfSize(size))
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const body = Buffer.concat(parts)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}
