import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** One measured quantity, next to the baseline measured in the same run. */
export interface BenchMetric {
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline: below 1 means faster (or smaller) than the baseline. */
  ratio: number;
}

export function metric(value: number, baseline: number, unit: string): BenchMetric {
  return { value, unit, baseline, ratio: baseline === 0 ? Number.NaN : value / baseline };
}

/** The p-th percentile (0–100) of a sample, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Prints a short table and writes `bench/results/<name>.json` in the shape shared/DESIGN.md fixes. */
export function writeBenchResult(name: string, metrics: Record<string, BenchMetric>): void {
  const dir = join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const result = { name, metrics, machine: { cpus: cpus().length, node: process.version } };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${name}`);
  for (const [key, m] of Object.entries(metrics)) {
    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : String(n));
    console.log(
      `  ${key.padEnd(34)} ${fmt(m.value).padStart(10)} ${m.unit.padEnd(6)} baseline ${fmt(m.baseline).padStart(10)}  ratio ${fmt(m.ratio)}`,
    );
  }
}
