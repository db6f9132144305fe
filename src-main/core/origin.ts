// Origin comparison that also works for our custom app:// scheme: Node's URL reports "null" as the
// origin of non-special schemes, so compare scheme and host (with port) ourselves.

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (!parsed.host) return null
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

/** A predicate that accepts URLs of exactly one origin. */
export function trustedOriginPredicate(origin: string): (url: string) => boolean {
  const expected = originOf(origin)
  if (!expected) throw new Error(`Not an origin: ${origin}`)
  return (url) => originOf(url) === expected
}
