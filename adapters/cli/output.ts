/**
 * Where CLI commands write: human-readable lines on stdout, or one JSON document with `--json`, and
 * diagnostics on stderr. Injected so tests can capture output without spawning processes. Text from files
 * and feeds is printed through `neutralised`, so no cell or header can send the terminal a control
 * sequence.
 */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

/**
 * The process's own streams. A reader that stops early (`engage … | head`) closes the pipe: that is a normal
 * end, not a crash — later output is dropped and the command still finishes (and releases the store).
 */
export function processOutput(): Output {
  const closed = { stdout: false };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed.stdout = true;
    else throw error;
  });
  const write = (text: string) => {
    if (!closed.stdout && !process.stdout.destroyed) process.stdout.write(text);
  };
  return {
    line: (text = '') => write(`${text}\n`),
    // JSON.stringify escapes C0 controls (ESC among them) but not DEL or the C1 controls.
    json: (value) => write(`${JSON.stringify(value, null, 2).replace(C1_OR_DEL, hexEscape)}\n`),
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

/** Control characters other than tab and line feed: C0 (ESC, CR, ...), DEL and C1 (CSI, ...). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const C1_OR_DEL = /[\u007f-\u009f]/g;

function hexEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The text with every control character but tab and line feed shown as its escape (\x1b), inert. */
export function neutralise(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The output with its text lines and diagnostics neutralised. */
export function neutralised(out: Output): Output {
  return {
    line: (text = '') => out.line(neutralise(text)),
    json: (value) => out.json(value),
    error: (text) => out.error(neutralise(text)),
  };
}
