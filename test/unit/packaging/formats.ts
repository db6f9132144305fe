// Independent readers for the icon formats (not the generator's code): PNG header, ICO directory,
// ICNS directory, and a strict reader for an entitlements plist (a dict of booleans).
export interface PngHeader {
  width: number
  height: number
  bitDepth: number
  colourType: number
}

const pngSignature = '89504e470d0a1a0a'

export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).toString('hex') === pngSignature
}

export function readPngHeader(bytes: Buffer): PngHeader {
  if (!isPng(bytes)) throw new Error('not a PNG')
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG does not start with IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24]!, colourType: bytes[25]! }
}

export interface IcoEntry {
  width: number
  height: number
  format: 'png' | 'bmp'
  bitsPerPixel: number
}

export function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an ICO file')
  const count = bytes.readUInt16LE(4)
  const entries: IcoEntry[] = []
  for (let n = 0; n < count; n++) {
    const at = 6 + n * 16
    const width = bytes[at] || 256
    const height = bytes[at + 1] || 256
    const size = bytes.readUInt32LE(at + 8)
    const offset = bytes.readUInt32LE(at + 12)
    if (offset + size > bytes.length) throw new Error(`ICO entry ${n} runs past the end of the file`)
    const data = bytes.subarray(offset, offset + size)
    if (isPng(data)) {
      const header = readPngHeader(data)
      if (header.width !== width || header.height !== height) throw new Error(`ICO entry ${n}: directory says ${width}, PNG says ${header.width}`)
      entries.push({ width, height, format: 'png', bitsPerPixel: header.colourType === 6 ? 32 : 24 })
    } else {
      if (data.readUInt32LE(0) !== 40) throw new Error(`ICO entry ${n}: not a BITMAPINFOHEADER`)
      if (data.readInt32LE(4) !== width || data.readInt32LE(8) !== height * 2) throw new Error(`ICO entry ${n}: BMP size mismatch`)
      const bitsPerPixel = data.readUInt16LE(14)
      const expected = 40 + width * height * (bitsPerPixel / 8) + Math.ceil(width / 32) * 4 * height
      if (data.length !== expected) throw new Error(`ICO entry ${n}: BMP is ${data.length} bytes, expected ${expected}`)
      entries.push({ width, height, format: 'bmp', bitsPerPixel })
    }
  }
  return entries
}

export interface IcnsEntry {
  type: string
  width: number
  height: number
}

export function readIcns(bytes: Buffer): IcnsEntry[] {
  if (bytes.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS file')
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('ICNS length field does not match the file')
  const entries: IcnsEntry[] = []
  let offset = 8
  while (offset < bytes.length) {
    const type = bytes.toString('latin1', offset, offset + 4)
    const length = bytes.readUInt32BE(offset + 4)
    if (length < 8 || offset + length > bytes.length) throw new Error(`ICNS entry ${type} has a bad length`)
    const data = bytes.subarray(offset + 8, offset + length)
    if (!isPng(data)) throw new Error(`ICNS entry ${type} is not a PNG`)
    const { width, height } = readPngHeader(data)
    entries.push({ type, width, height })
    offset += length
  }
  return entries
}

/** Reads an XML plist whose root is a dict of boolean values; throws on anything else. */
export function readBooleanPlist(xml: string): Record<string, boolean> {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '')
  const match = withoutComments.match(
    /^\s*<\?xml version="1\.0" encoding="UTF-8"\?>\s*<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN" "http:\/\/www\.apple\.com\/DTDs\/PropertyList-1\.0\.dtd">\s*<plist version="1\.0">\s*<dict>([\s\S]*)<\/dict>\s*<\/plist>\s*$/,
  )
  if (!match) throw new Error('not an XML plist with a dict at its root')
  const body = match[1]!
  const result: Record<string, boolean> = {}
  const pair = /\s*<key>([^<]+)<\/key>\s*<(true|false)\/>/y
  let last = 0
  let found: RegExpExecArray | null
  while ((found = pair.exec(body))) {
    if (found[1]! in result) throw new Error(`duplicate key ${found[1]}`)
    result[found[1]!] = found[2] === 'true'
    last = pair.lastIndex
  }
  if (body.slice(last).trim() !== '') throw new Error(`unexpected plist content: ${body.slice(last).trim().slice(0, 60)}`)
  return result
}
