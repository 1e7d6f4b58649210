/** The SFTP connector: a remote server's directory, pulled over SSH with a pinned host key. */
import type { Connector } from '../connector.ts';
import { sftpBlock } from './config.ts';
import { pullSftp } from './pull.ts';

export const sftpConnector = {
  kind: 'sftp',
  block: sftpBlock,
  pull: ({ repos, sourceId, logger, env }) => pullSftp(repos, sourceId, logger, { env }),
} satisfies Connector<'sftp', typeof sftpBlock>;
