// Stateless integer hashing: every demo value is a pure function of (seed, coordinates), so any hour can be
// regenerated on its own, in any order, with the same result.

/** A 32-bit finaliser with good avalanche (lowbias32 constants). Bijective on uint32. */
export function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}

export function hash2(a: number, b: number): number {
  return mix32(mix32((a + 0x9e3779b9) | 0) ^ b)
}

export function hash3(a: number, b: number, c: number): number {
  return mix32(hash2(a, b) ^ mix32((c + 0x632be5ab) | 0))
}

export function hash4(a: number, b: number, c: number, d: number): number {
  return mix32(hash3(a, b, c) ^ mix32((d + 0x85157af5) | 0))
}

/** Uniform in [0, 1) from a uint32. */
export function unit(h: number): number {
  return h / 4294967296
}

/** FNV-1a of a string, for turning labels and string seeds into numbers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0')
}

/** A version-4-shaped GUID from four uint32 words. */
export function guidFromWords(w0: number, w1: number, w2: number, w3: number): string {
  return (
    hex(w0 >>> 0, 8) +
    '-' +
    hex(w1 >>> 16, 4) +
    '-4' +
    hex(w1 & 0xfff, 3) +
    '-' +
    hex(0x8000 | ((w2 >>> 16) & 0x3fff), 4) +
    '-' +
    hex(w2 & 0xffff, 4) +
    hex(w3 >>> 0, 8)
  )
}

/** A deterministic GUID for a labelled thing (tenant, app, credential …). */
export function guidFor(seed: number, label: string, index = 0): string {
  const h = hash3(seed, hashString(label), index)
  return guidFromWords(h, mix32(h ^ 0x1b873593), mix32(h ^ 0xcc9e2d51), mix32(h ^ 0xe6546b64))
}

/** Deterministic choice from a list by a uint32. */
export function pick<T>(items: readonly T[], h: number): T {
  const item = items[h % items.length]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}
