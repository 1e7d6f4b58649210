/** Moodle web services' block in a feed: enrolled users' last access and assignment submissions of given courses. */
import { z } from 'zod';
import { cronField, envName, httpsUrl, name } from '../shared/configFields.ts';

export const moodleBlock = z.object({
  baseUrl: httpsUrl,
  tokenEnv: envName,
  courseIds: z.array(z.number().int().positive()).min(1),
  /** The Moodle user field holding the Engage student id. */
  studentField: z.enum(['idnumber', 'username', 'email']).default('idnumber'),
  /** The Engage source submissions count for (also listed in sourceValues); none: not fetched. */
  submissionsSourceId: name.optional(),
  cron: cronField,
});

export type MoodleConfig = z.output<typeof moodleBlock>;
