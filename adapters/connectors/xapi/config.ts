/** The xAPI statements endpoint's block in a feed: Basic auth per source and how statements map to counts. */
import { z } from 'zod';
import { name } from '../shared/configFields.ts';

export const xapiBlock = z.object({
  username: name,
  /** `scrypt$<salt hex>$<key hex>` (engage sources hash-password); never the password itself. */
  passwordHash: z.string().regex(/^scrypt\$[0-9a-f]{16,}\$[0-9a-f]{64}$/, 'expected scrypt$<salt>$<key>'),
  /** Verb IRI → the Engage source the statement counts for; the default covers Moodle and Jisc verbs. */
  verbs: z.record(name, name).optional(),
  /** Activity type IRI → Engage source, taking precedence over the verb. */
  activityTypes: z.record(name, name).default({}),
});

export type XapiConfig = z.output<typeof xapiBlock>;
