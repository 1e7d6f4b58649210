/** A landing directory's block in a feed: where files arrive, where processed ones go, and when to look. */
import { z } from 'zod';
import { cronField, name } from '../shared/configFields.ts';

export const landingBlock = z.object({
  dir: name,
  archiveDir: name,
  /** `rename`: a file counts once it has its final name; `marker`: once `<name>.done` exists. */
  completion: z.enum(['rename', 'marker']).default('rename'),
  cron: cronField,
});

export type LandingConfig = z.output<typeof landingBlock>;
