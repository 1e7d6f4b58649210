/** An Output that records what a CLI command printed, for assertions. */
import type { Output } from '../../adapters/cli/output.ts';

export interface CapturedOutput extends Output {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly text: () => string;
  readonly parsedJson: () => unknown;
}

export function captureOutput(): CapturedOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    line: (text = '') => stdout.push(text),
    json: (value) => stdout.push(JSON.stringify(value)),
    error: (text) => stderr.push(text),
    text: () => stdout.join('\n'),
    parsedJson: () => JSON.parse(stdout.join('\n')),
  };
}
