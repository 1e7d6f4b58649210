/**
 * Microsoft Graph Teams user activity for the Teams source (the `ingest-source` job for a feed with
 * `graph`): an app-only token by client credentials (secret from a named environment variable), then
 * getTeamsUserActivityUserDetail(period='D7'), which answers with a 302 to a CSV download (followed). Each
 * user's chat messages, calls and meetings attended over the seven days become one count dated the report
 * refresh date; the report is a snapshot of its week. The student id is the user principal name's local
 * part (or the whole UPN). Only counts are kept: no message content, no names.
 */
import { z } from 'zod';
import { CsvReader, type CsvRecord } from '../../../src/ingest/csv.ts';
import type { RawRecord } from '../../../src/ingest/delivery.ts';
import type { FeedConfig } from '../../../src/ingest/feeds.ts';
import type { GraphConfig } from './config.ts';
import { IngestError, ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import {
  ConnectorError,
  expectOk,
  readJson,
  realWait,
  requestWithBackoff,
  secretFromEnv,
  type HttpContext,
  type Wait,
} from '../shared/http.ts';
import { activityValues, recordsDelivery } from '../shared/records.ts';

export const GRAPH_BASE = 'https://graph.microsoft.com/v1.0';
export const LOGIN_BASE = 'https://login.microsoftonline.com';
const REPORT = "reports/getTeamsUserActivityUserDetail(period='D7')";
const PAGE = 'Teams user activity (D7)';

/** The report's columns this connector reads (Microsoft's names); the activity counted is their sum. */
const COLUMNS = {
  refreshDate: 'Report Refresh Date',
  upn: 'User Principal Name',
  deleted: 'Is Deleted',
} as const;
const ACTIVITY_COLUMNS = [
  'Team Chat Message Count',
  'Private Chat Message Count',
  'Call Count',
  'Meetings Attended Count',
] as const;

const TokenSchema = z.object({ token_type: z.string(), access_token: z.string().min(1) });

export interface GraphPullOptions {
  env?: NodeJS.ProcessEnv;
  wait?: Wait;
  now?: Date;
}

export async function pullGraph(
  repos: Repositories,
  sourceId: string,
  options: GraphPullOptions = {},
): Promise<IngestOutcome> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed?.graph) throw new IngestError(`source "${sourceId}" has no Microsoft Graph configured`);
  const graph = feed.graph as GraphConfig;
  const context: HttpContext = { connector: 'graph', wait: options.wait ?? realWait };
  const token = await appOnlyToken(
    context,
    graph,
    secretFromEnv('graph', graph.clientSecretEnv, options.env),
  );
  const response = await requestWithBackoff(context, PAGE, `${GRAPH_BASE}/${REPORT}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await expectOk(context, PAGE, response);
  const records = await reportRecords(response, feed, graph.studentFrom);
  return ingestDelivery(
    repos,
    recordsDelivery({
      sourceId,
      name: PAGE,
      mode: 'snapshot',
      receivedAt: options.now ?? new Date(),
      records,
    }),
  );
}

async function appOnlyToken(context: HttpContext, graph: GraphConfig, secret: string): Promise<string> {
  const page = 'token';
  const response = await requestWithBackoff(
    context,
    page,
    `${LOGIN_BASE}/${encodeURIComponent(graph.tenantId)}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: graph.clientId,
        client_secret: secret,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      }).toString(),
    },
  );
  if (!response.ok) {
    const error = z.object({ error: z.string() }).safeParse(await response.json().catch(() => null));
    throw new ConnectorError(
      'graph',
      page,
      `HTTP ${response.status}${error.success ? `: ${error.data.error}` : ''} (check the tenant, client id and secret)`,
    );
  }
  return (await readJson(context, page, response, TokenSchema)).access_token;
}

/** The report CSV, read as it streams, as activity records (deleted users left out). */
async function reportRecords(
  response: Response,
  feed: FeedConfig,
  studentFrom: GraphConfig['studentFrom'],
): Promise<RawRecord[]> {
  const reader = new CsvReader();
  const decoder = new TextDecoder();
  const records: RawRecord[] = [];
  const take = (rows: CsvRecord[]) => {
    for (const row of rows) {
      const position = { file: PAGE, line: row.line };
      if ('error' in row) {
        records.push({ position, error: row.error });
        continue;
      }
      const missing = [COLUMNS.refreshDate, COLUMNS.upn, ...ACTIVITY_COLUMNS].find(
        (column) => row.values[column] === undefined,
      );
      if (missing !== undefined)
        throw new ConnectorError('graph', PAGE, `the report has no "${missing}" column`);
      if (row.values[COLUMNS.deleted]?.toLowerCase() === 'true') continue;
      const counts = ACTIVITY_COLUMNS.map((column) => Number(row.values[column] || '0'));
      if (counts.some((count) => !Number.isInteger(count) || count < 0)) {
        records.push({ position, error: `an activity count is not a whole number` });
        continue;
      }
      const upn = row.values[COLUMNS.upn] as string;
      records.push({
        position,
        values: activityValues(feed, {
          student: studentFrom === 'upn' ? upn : (upn.split('@')[0] ?? ''),
          timestamp: row.values[COLUMNS.refreshDate] as string,
          count: counts.reduce((sum, count) => sum + count, 0),
        }),
      });
    }
  };
  if (response.body) {
    for await (const chunk of response.body) take(reader.push(decoder.decode(chunk, { stream: true })));
  }
  take(reader.push(decoder.decode()));
  take(reader.end());
  return records;
}
