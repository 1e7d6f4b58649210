/** The xAPI connector: a learning record store pushes statements to Engage (route.ts); nothing is pulled. */
import type { Connector } from '../connector.ts';
import { xapiBlock } from './config.ts';

export const xapiConnector = {
  kind: 'xapi',
  block: xapiBlock,
} satisfies Connector<'xapi', typeof xapiBlock>;
