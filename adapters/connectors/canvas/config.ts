/** Canvas REST's block in a feed: per-student page views (course analytics) and submissions of the account's courses. */
import { z } from 'zod';
import { cronField, envName, httpsUrl, name } from '../shared/configFields.ts';

export const canvasBlock = z.object({
  baseUrl: httpsUrl,
  tokenEnv: envName,
  /** Only these courses; all the token's courses when absent. */
  courseIds: z.array(z.number().int().positive()).optional(),
  submissionsSourceId: name.optional(),
  cron: cronField,
});

export type CanvasConfig = z.output<typeof canvasBlock>;
