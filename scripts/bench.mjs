#!/usr/bin/env node
// `npm run bench` runs every bench/<name>.ts; `npm run bench -- <name>` runs one. Benchmarks report ratios
// against a baseline measured in the same run and never fail on timing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = join(import.meta.dirname, '..', 'bench');
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}; there are: ${all.join(', ') || '(none)'}`);
  process.exit(1);
}
let failed = 0;
for (const name of chosen.length ? chosen : all) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
