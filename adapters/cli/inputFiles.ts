/**
 * A file or folder named on the command line that cannot be read is a mistake in the command, told in one
 * line with the path as given (exit 2), not Node's raw error.
 */
import { relative } from 'node:path';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
};

/** "<path>: <reason>" for a file-system error about a path that does not exist or is the wrong kind. */
export function inputFileError(error: unknown): string | null {
  const { code, path } = error as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return null;
  const reason = REASONS[code];
  if (reason === undefined) return null;
  const shown = path.startsWith('/') && path.startsWith(process.cwd()) ? relative(process.cwd(), path) : path;
  return `${shown}: ${reason}`;
}
