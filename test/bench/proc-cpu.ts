// CPU time from Linux's /proc, for the benchmarks that say where the CPU went (which thread of this
// process, which of Chromium's processes). Empty where there is no /proc.
import { readdirSync, readFileSync } from 'node:fs'

/**
 * Each thread's CPU nanoseconds (/proc/<pid>/task/<tid>/schedstat, its first field) and name, by
 * thread id, for `pid` (default this process, whose main thread is named "main"); empty elsewhere or
 * when the process has ended.
 */
export function threadCpu(pid: number = process.pid): Map<string, { name: string; nanos: number }> {
  const threads = new Map<string, { name: string; nanos: number }>()
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return threads
  }
  for (const tid of tids) {
    try {
      const nanos = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      threads.set(tid, { name: tid === String(pid) ? 'main' : name, nanos })
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads
}

/** The ids of `pid`'s descendant processes (children, their children, …), from /proc. */
export function descendantPids(pid: number = process.pid): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      let siblings = children.get(parent)
      if (!siblings) children.set(parent, (siblings = []))
      siblings.push(Number(name))
    } catch {
      // The process ended while the list was read.
    }
  }
  const found: number[] = []
  const pending = [...(children.get(pid) ?? [])]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    found.push(next)
    pending.push(...(children.get(next) ?? []))
  }
  return found
}
