// Draws the app icon in code: a blue rounded square (inset on Apple's 1024 grid) holding a white
// shield, and on the shield a hub joined to three nodes — "apps connected to Defender". Shapes are
// signed distance functions, so edges are anti-aliased by their distance to the pixel centre.
import { createImage, type Image } from './png'

type Rgb = readonly [number, number, number]
type Field = (x: number, y: number) => number

const clamp01 = (v: number) => Math.min(1, Math.max(0, v))

function roundedBox(cx: number, cy: number, halfW: number, halfH: number, radius: number): Field {
  return (x, y) => {
    const qx = Math.abs(x - cx) - halfW + radius
    const qy = Math.abs(y - cy) - halfH + radius
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius
  }
}
const circle =
  (cx: number, cy: number, r: number): Field =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r
function capsule(ax: number, ay: number, bx: number, by: number, r: number): Field {
  return (x, y) => {
    const px = x - ax
    const py = y - ay
    const dx = bx - ax
    const dy = by - ay
    const t = clamp01((px * dx + py * dy) / (dx * dx + dy * dy))
    return Math.hypot(px - dx * t, py - dy * t) - r
  }
}
const union =
  (...fields: Field[]): Field =>
  (x, y) =>
    Math.min(...fields.map((f) => f(x, y)))
const intersect =
  (...fields: Field[]): Field =>
  (x, y) =>
    Math.max(...fields.map((f) => f(x, y)))

/** A shield centred on (cx, cy): straight shoulders, sides curving to a point at the bottom. */
function shield(cx: number, cy: number): Field {
  const halfWidth = 220
  const top = cy - 250
  const waist = cy // where the sides start to curve in
  const tip = cy + 300
  // Each side is an arc through (±halfWidth, waist) and (0, tip), centred on the waist line.
  const c = (halfWidth * halfWidth - (tip - waist) ** 2) / (-2 * halfWidth) // centre offset
  const radius = c + halfWidth
  const shoulders = roundedBox(cx, (top + waist) / 2 + 20, halfWidth, (waist - top) / 2 + 20, 44)
  const lower = intersect(circle(cx + c, waist, radius), circle(cx - c, waist, radius), (_x, y) => waist - y)
  return union(shoulders, lower)
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

export function drawIcon(size = 1024): Image {
  const image = createImage(size, size)
  const scale = size / 1024
  const plate = roundedBox(512, 512, 412, 412, 184) // Apple's 824 px body with its corner radius
  const badge = shield(512, 520)
  const hub = { x: 512, y: 470 }
  const nodes = [
    { x: 392, y: 350 },
    { x: 632, y: 350 },
    { x: 512, y: 680 },
  ]
  const links = union(...nodes.map((n) => capsule(hub.x, hub.y, n.x, n.y, 15)))
  const dots = union(circle(hub.x, hub.y, 58), ...nodes.map((n) => circle(n.x, n.y, 40)))
  const top: Rgb = [0x2b, 0x7c, 0xf0]
  const bottom: Rgb = [0x0a, 0x2f, 0x7a]
  const ink: Rgb = [0x0b, 0x3d, 0x91]
  const white: Rgb = [0xff, 0xff, 0xff]
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / scale
      const y = (py + 0.5) / scale
      const cover = (f: Field) => clamp01(0.5 - f(x, y) * scale)
      const plateAlpha = cover(plate)
      if (plateAlpha === 0) continue
      let colour = mix(top, bottom, clamp01((y - 100) / 824))
      colour = mix(colour, white, cover(badge))
      colour = mix(colour, ink, Math.max(cover(links), cover(dots)))
      const o = (py * size + px) * 4
      image.data[o] = Math.round(colour[0])
      image.data[o + 1] = Math.round(colour[1])
      image.data[o + 2] = Math.round(colour[2])
      image.data[o + 3] = Math.round(plateAlpha * 255)
    }
  }
  return image
}
