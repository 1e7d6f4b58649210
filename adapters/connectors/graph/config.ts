/** Microsoft Graph's block in a feed: Teams user activity (last 7 days), app-only token by client credentials. */
import { z } from 'zod';
import { cronField, envName, name } from '../shared/configFields.ts';

export const graphBlock = z.object({
  tenantId: name,
  clientId: name,
  clientSecretEnv: envName,
  /** The Engage student id is the user principal name's part before the @ (or the whole UPN). */
  studentFrom: z.enum(['upnLocalPart', 'upn']).default('upnLocalPart'),
  cron: cronField,
});

export type GraphConfig = z.output<typeof graphBlock>;
