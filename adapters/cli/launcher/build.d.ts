/** Types of build.js (plain JavaScript: it runs before anything is compiled). */
export function buildCli(outDir?: string): Promise<{ outDir: string; inputs: string[] }>;
