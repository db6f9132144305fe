// The background sync schedule on a fake clock: the interval and its minimum, back-off while
// offline, the network coming back, waking from sleep, and settings changes.
import { describe, expect, it } from 'vitest'
import { BackgroundSync, backoffMs, intervalMs, RESUME_DELAY_MS, type SyncOutcome, type Timers } from '../../../src-main/core/background/scheduler'

class FakeClock implements Timers {
  time = 0
  private timers: Array<{ at: number; callback: () => void; id: number }> = []
  private nextId = 1
  now = () => this.time
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++
    this.timers.push({ at: this.time + ms, callback, id })
    return id
  }
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== handle)
  }
  /** Moves time forward, firing due timers in order (and letting their promises settle). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.timers = this.timers.filter((timer) => timer !== due)
      this.time = due.at
      due.callback()
      for (let i = 0; i < 5; i++) await Promise.resolve()
    }
    this.time = end
  }
}

const MIN = 60_000

function setup(outcomes: SyncOutcome[] = [], interval = 15) {
  const clock = new FakeClock()
  const runs: number[] = []
  const settings = { interval, enabled: true }
  const scheduler = new BackgroundSync({
    intervalMinutes: () => settings.interval,
    enabled: () => settings.enabled,
    run: async () => {
      runs.push(clock.now())
      return outcomes.shift() ?? 'ok'
    },
    timers: clock,
  })
  return { clock, runs, settings, scheduler }
}

describe('background sync schedule', () => {
  it('syncs every 15 minutes by default and never more often than every 5', async () => {
    expect(intervalMs(15)).toBe(15 * MIN)
    expect(intervalMs(1)).toBe(5 * MIN)
    const { clock, runs, scheduler } = setup()
    scheduler.start()
    await clock.advance(61 * MIN)
    expect(runs).toEqual([15 * MIN, 30 * MIN, 45 * MIN, 60 * MIN])
  })

  it('backs off while offline (1, 2, 4 … minutes, at most an hour) and resets after a success', async () => {
    expect([1, 2, 3, 4, 10].map(backoffMs)).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 60 * MIN])
    const { clock, runs, scheduler } = setup(['offline', 'offline', 'offline', 'ok'])
    scheduler.start(0)
    await clock.advance(30 * MIN)
    expect(runs).toEqual([0, MIN, 3 * MIN, 7 * MIN, 22 * MIN])
    expect(scheduler.snapshot.offlineStreak).toBe(0)
  })

  it('tries at once when the network comes back during a back-off', async () => {
    const { clock, runs, scheduler } = setup(['offline', 'offline'])
    scheduler.start(0)
    await clock.advance(90_000) // second attempt at 1 min, next one planned 2 min later
    scheduler.online()
    await clock.advance(0)
    expect(runs).toEqual([0, MIN, 90_000])
  })

  it('catches up after sleep: an overdue sync runs shortly after waking', async () => {
    const { clock, runs, scheduler } = setup()
    scheduler.start()
    await clock.advance(15 * MIN) // ran at 15 min; next planned at 30
    // Asleep for two hours: the timer did not fire (the fake clock just jumps).
    clock.time += 120 * MIN
    scheduler.resumed()
    await clock.advance(RESUME_DELAY_MS)
    expect(runs).toEqual([15 * MIN, 135 * MIN + RESUME_DELAY_MS])
  })

  it('applies a new interval from the last run, and stops when background sync is turned off', async () => {
    const { clock, runs, scheduler, settings } = setup()
    scheduler.start()
    await clock.advance(15 * MIN)
    settings.interval = 60
    scheduler.reschedule()
    await clock.advance(60 * MIN)
    expect(runs).toEqual([15 * MIN, 75 * MIN])
    settings.enabled = false
    scheduler.reschedule()
    await clock.advance(300 * MIN)
    expect(runs).toHaveLength(2)
    expect(scheduler.snapshot.nextAt).toBeNull()
  })

  it('does not start a second sync while one runs', async () => {
    const clock = new FakeClock()
    let release: () => void = () => {}
    const scheduler = new BackgroundSync({
      intervalMinutes: () => 15,
      enabled: () => true,
      run: () => new Promise<SyncOutcome>((resolve) => (release = () => resolve('ok'))),
      timers: clock,
    })
    scheduler.start(0)
    await clock.advance(0)
    expect(await scheduler.runNow()).toBe('busy')
    release()
  })
})
