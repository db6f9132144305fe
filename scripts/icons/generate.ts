// Icon pipeline. `npm run icons` reads the one source image, resources/icon.png (1024 × 1024,
// drawn by `npm run icons -- --draw`, or replaced by a designer's export), and writes everything
// packaging needs into build/: icon.png (1024), icons/NxN.png (Linux), icon.ico, icon.icns.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeIcns, encodeIco } from './containers'
import { drawIcon } from './draw'
import { decodePng, downscale, encodePng, type Image } from './png'

export const pngSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
export const icoSizes = [16, 24, 32, 48, 64, 128, 256] as const

export function generateIcons(root: string, { draw = false } = {}): string[] {
  const sourcePath = join(root, 'resources', 'icon.png')
  if (draw) writeFileSync(sourcePath, encodePng(drawIcon(1024)))
  const source = decodePng(readFileSync(sourcePath))
  if (source.width !== 1024 || source.height !== 1024) {
    throw new Error(`resources/icon.png must be 1024 × 1024, not ${source.width} × ${source.height}`)
  }
  const cache = new Map<number, Image>([[1024, source]])
  const ofSize = (size: number) => {
    let image = cache.get(size)
    if (!image) cache.set(size, (image = downscale(source, size)))
    return image
  }
  const build = join(root, 'build')
  mkdirSync(join(build, 'icons'), { recursive: true })
  const written: string[] = []
  const write = (relative: string, bytes: Buffer) => {
    writeFileSync(join(build, relative), bytes)
    written.push(`build/${relative}`)
  }
  write('icon.png', encodePng(source))
  for (const size of pngSizes) write(`icons/${size}x${size}.png`, encodePng(ofSize(size)))
  write('icon.ico', encodeIco(icoSizes.map(ofSize)))
  write('icon.icns', encodeIcns(ofSize))
  return written
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '..', '..')
  for (const file of generateIcons(root, { draw: process.argv.includes('--draw') })) console.log(file)
}
