// The UI messages as flat "a.b.c" keys and their texts, for tests that walk every message.
export type Messages = { [key: string]: string | Messages }

export function leaves(messages: Messages, prefix = ''): Map<string, string> {
  const result = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') result.set(path, value)
    else for (const [childPath, text] of leaves(value, path)) result.set(childPath, text)
  }
  return result
}
