// Translations a table row needs over and over, made cheap. vue-i18n's t() cost 30–40 µs a call in
// Chromium (it resolves the key through the locale chain and builds a message context every time;
// docs/BENCHMARKS.md, "First sorts after a load"), and a row of the Connected apps table needs eight:
// a sort that brought 17 new rows into view spent 6–10 ms translating. This keeps, for one language,
// each fixed text once, each plural text once per count, and each message with parameters split
// around its parameters, so a row joins strings instead of calling t(). Make a new one when the
// language changes.

/** The part of vue-i18n's t() this uses: key, named parameters, plural count. */
export type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string

export interface CachedText {
  /** t(key): a text without parameters, translated once. */
  fixed(key: string): string
  /** t(key, named, count): a plural message, translated once per count and parameters. */
  plural(key: string, named: Record<string, string>, count: number): string
  /** t(key, named) for text parameters, from the message split once around its parameters. */
  fill(key: string, named: Record<string, string>): string
}

/** A message split around its parameters: text, parameter, text, …, text (odd entries name one). */
interface Split {
  names: readonly string[]
  /** Even indexes: literal text; odd indexes: the index in `names` of the parameter there. */
  parts: readonly (string | number)[]
}

// What stands in for parameter i while the message is split: private-use characters, which no
// message of ours holds.
const marker = (index: number) => `\uE000${index}\uE001`
const MARKERS = /\uE000(\d+)\uE001/g

export function cachedText(translate: Translate): CachedText {
  const texts = new Map<string, string>()
  const splits = new Map<string, Split | null>()

  function splitOf(key: string, named: Record<string, string>): Split | null {
    let split = splits.get(key)
    if (split !== undefined) return split
    const names = Object.keys(named)
    const sample = translate(key, Object.fromEntries(names.map((name, i) => [name, marker(i)])))
    const parts: (string | number)[] = []
    let last = 0
    for (const match of sample.matchAll(MARKERS)) {
      parts.push(sample.slice(last, match.index), Number(match[1]))
      last = match.index + match[0].length
    }
    parts.push(sample.slice(last))
    // A parameter the message changes (a modifier) or cuts leaves a stray marker character: not
    // splittable, so that key is always translated in full.
    const clean = parts.every(
      (part) => typeof part === 'number' || !(part.includes('\uE000') || part.includes('\uE001')),
    )
    split = clean ? { names, parts } : null
    splits.set(key, split)
    return split
  }

  return {
    fixed(key) {
      let text = texts.get(key)
      if (text === undefined) {
        text = translate(key)
        texts.set(key, text)
      }
      return text
    },
    plural(key, named, count) {
      const id = `${key}\u0000${count}\u0000${JSON.stringify(named)}`
      let text = texts.get(id)
      if (text === undefined) {
        text = translate(key, named, count)
        texts.set(id, text)
      }
      return text
    },
    fill(key, named) {
      const split = splitOf(key, named)
      // Other parameter names than the split was made with: translate this one in full.
      if (
        !split ||
        split.names.length !== Object.keys(named).length ||
        split.names.some((name) => !(name in named))
      )
        return translate(key, named)
      let text = ''
      for (const part of split.parts)
        text += typeof part === 'number' ? named[split.names[part]!]! : part
      return text
    },
  }
}
