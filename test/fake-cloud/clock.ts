// The fake cloud's "now": set it, advance it, or let it run at a multiple of wall-clock speed.
export class FakeClock {
  private baseMs: number
  private wallBase: number
  private scale: number

  /** @param start the first "now"; @param timeScale 0 freezes time (tests advance it), 1 is real time. */
  constructor(start: Date = new Date(), timeScale = 1) {
    this.baseMs = start.getTime()
    this.wallBase = performance.now()
    this.scale = timeScale
  }

  now(): number {
    return this.baseMs + (performance.now() - this.wallBase) * this.scale
  }

  date(): Date {
    return new Date(this.now())
  }

  set(date: Date | string | number): void {
    this.baseMs = new Date(date).getTime()
    this.wallBase = performance.now()
  }

  advance(ms: number): void {
    this.set(this.now() + ms)
  }

  get timeScale(): number {
    return this.scale
  }

  setTimeScale(scale: number): void {
    this.set(this.now())
    this.scale = scale
  }
}
