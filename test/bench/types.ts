// Shape of a benchmark: each *.bench.ts file default-exports a list of these.

export interface Budget {
  /** '>=' for throughput-like figures, '<=' for time and memory. */
  op: '>=' | '<='
  value: number
}

export interface Figure {
  name: string
  value: number
  unit: string
  budget?: Budget
  /** What was measured: sizes, counts, settings — printed next to the figure. */
  inputs: Record<string, string | number | boolean>
}

export interface Benchmark {
  name: string
  run(): Promise<Figure[]>
}

export function withinBudget(figure: Figure): boolean | null {
  if (!figure.budget) return null
  return figure.budget.op === '>=' ? figure.value >= figure.budget.value : figure.value <= figure.budget.value
}
