/** Types of compiled.js (plain JavaScript: the launcher runs it before choosing how to load the CLI). */
export interface SourceFingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}
export function compiledEntry(root?: string, outDir?: string): string | null;
export function fingerprint(path: string): SourceFingerprint;
