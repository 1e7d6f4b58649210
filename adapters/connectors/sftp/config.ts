/** An SFTP pull's block in a feed: a remote directory pulled on a cron; processed files move to `archiveDir`. */
import { z } from 'zod';
import { cronField, envName, name } from '../shared/configFields.ts';

export const sftpBlock = z
  .object({
    host: name,
    port: z.number().int().min(1).max(65535).default(22),
    username: name,
    /** `SHA256:<base64>` as `ssh-keygen -lf` prints it; any other host key is refused. */
    hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected SHA256:<base64 digest>'),
    privateKeyPath: name.optional(),
    passwordEnv: envName.optional(),
    dir: name,
    archiveDir: name,
    completion: z.enum(['rename', 'marker']).default('rename'),
    cron: cronField,
  })
  .refine((sftp) => sftp.privateKeyPath !== undefined || sftp.passwordEnv !== undefined, {
    message: 'needs privateKeyPath or passwordEnv',
  });

export type SftpConfig = z.output<typeof sftpBlock>;
