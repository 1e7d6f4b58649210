/** Field schemas the connectors' feed blocks share: a name, an environment variable's name, an http(s) URL. */
import { z } from 'zod';

export { cronField } from '../../../src/ingest/feeds.ts';

export const name = z.string().trim().min(1);
/** Secrets are never written in a feed: the block names the environment variable that holds them. */
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');
export const httpsUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });

/** Moodle and Canvas: a submissions source must also be one the feed maps activity to. */
export function submissionsSourceMapped(
  kind: string,
  block: { submissionsSourceId?: string | undefined },
  sourceValues: Record<string, string> | undefined,
): { path: string[]; message: string }[] {
  const target = block.submissionsSourceId;
  if (target === undefined || Object.values(sourceValues ?? {}).includes(target)) return [];
  return [
    {
      path: [kind, 'submissionsSourceId'],
      message: `"${target}" must also be a value of sourceValues (e.g. "submission": "${target}")`,
    },
  ];
}
