// Sign-in ids as the store keeps them. Graph names every sign-in with a GUID in canonical form (36
// lowercase characters, e.g. `0b1c9e43-5f0e-4a4f-9a55-2f6e8c0d7b11`); those are stored as their 16
// bytes, a third of the text, in the largest table's key. Graph's data is untrusted, so any other id
// (upper case, braces, not a GUID at all) is still stored, as the text it was: the two forms never
// meet, because a canonical GUID is always stored as bytes, and the bytes turn back into exactly the
// text they came from.

/** Bytes of a canonical GUID. */
export const GUID_BYTES = 16

/** Hex digit values of '0'-'9' and 'a'-'f' (lower case only: canonical form), -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1)
for (let digit = 0; digit < 16; digit++) HEX_VALUE['0123456789abcdef'.charCodeAt(digit)] = digit
const HEX_PAIR = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const DASH = 0x2d

/**
 * Writes `id`'s 16 bytes at `into[at]` when it is a canonical GUID and returns true; returns false
 * (leaving those 16 bytes unspecified) for any other id.
 */
export function writeGuid(id: string, into: Uint8Array, at: number): boolean {
  if (id.length !== 36) return false
  let out = at
  for (let i = 0; i < 36;) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== DASH) return false
      i++
      continue
    }
    const high = id.charCodeAt(i)
    const low = id.charCodeAt(i + 1)
    const h = high < 128 ? HEX_VALUE[high]! : -1
    const l = low < 128 ? HEX_VALUE[low]! : -1
    if ((h | l) < 0) return false
    into[out++] = (h << 4) | l
    i += 2
  }
  return true
}

/** The canonical GUID text of the 16 bytes at `bytes[at]`. */
export function guidText(bytes: Uint8Array, at = 0): string {
  const h = (k: number) => HEX_PAIR[bytes[at + k]!]!
  return (
    h(0) +
    h(1) +
    h(2) +
    h(3) +
    '-' +
    h(4) +
    h(5) +
    '-' +
    h(6) +
    h(7) +
    '-' +
    h(8) +
    h(9) +
    '-' +
    h(10) +
    h(11) +
    h(12) +
    h(13) +
    h(14) +
    h(15)
  )
}

/** The value a sign-in id is stored as: 16 bytes for a canonical GUID, else the text itself. */
export function storedSignInId(id: string): Uint8Array | string {
  const bytes = new Uint8Array(GUID_BYTES)
  return writeGuid(id, bytes, 0) ? bytes : id
}

/** The sign-in id a stored value stands for (the inverse of `storedSignInId`). */
export function signInIdOf(stored: unknown): string {
  if (stored instanceof Uint8Array) {
    if (stored.length !== GUID_BYTES)
      throw new TypeError(`a stored sign-in id has ${stored.length} bytes, not ${GUID_BYTES}`)
    return guidText(stored)
  }
  return String(stored)
}
