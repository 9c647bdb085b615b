import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { errorLines } from '../support/error-lines.js';

const ERROR_LINES = 30;

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, that CI log readers understand,
 * preceded by each failed test's title, location and the head of its error: a CI log is often read from
 * its tail, and the line reporter printed the errors long before.
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, TestResult>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test, result);
  }

  onEnd(_result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const [test, result] of this.outcomes) {
      if (result.status === 'passed') passed++;
      else if (result.status === 'skipped') skipped++;
      else {
        failed++;
        failures.push(describeFailure(test, result));
      }
    }
    if (failures.length > 0) console.log(`\nfailed tests, again:\n${failures.join('\n')}`);
    console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

function describeFailure(test: TestCase, result: TestResult): string {
  const where = `${test.location.file.replace(`${process.cwd()}/`, '')}:${test.location.line}`;
  const message = errorLines(result.errors[0]?.message ?? result.status, ERROR_LINES)
    .map((line) => `    ${line}`)
    .join('\n');
  return `  ✘ ${where} › ${test.titlePath().slice(3).join(' › ')} (${result.status}, ${Math.round(result.duration / 1000)} s)\n${message}`;
}
