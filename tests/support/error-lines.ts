/**
 * The first `max` non-blank lines of an error message, colour codes from `expect` removed: what a CI log
 * reader needs of it.
 *
 * @example
 * errorLines(result.errors[0]?.message ?? '', 30)
 */
export function errorLines(message: string, max: number): string[] {
  return (
    message
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes from expect
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, max)
  );
}
