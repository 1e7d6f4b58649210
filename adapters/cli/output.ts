/**
 * Where CLI commands write: human-readable lines on stdout, or one JSON document with `--json`, and
 * diagnostics on stderr. Injected so tests can capture output without spawning processes.
 */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

export function processOutput(): Output {
  return {
    line: (text = '') => process.stdout.write(`${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
  };
}

/** Left-aligned text table: the first row is the header. */
export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
