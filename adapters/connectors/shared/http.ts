/**
 * HTTP for the polling connectors (Moodle, Canvas, Graph), in one place: a request that backs off and
 * retries when throttled (429, Canvas's 403 "Rate Limit Exceeded") or on a server error, honouring
 * Retry-After and slowing down when X-Rate-Limit-Remaining runs low; and JSON read through a zod schema at
 * the boundary, so a malformed page fails with the connector and the page named. The wait is injected
 * (tests never sleep). Messages name pages, never URLs with tokens, and never carry personal data.
 */
import type { z } from 'zod';

export type Wait = (ms: number) => Promise<void>;

export const realWait: Wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many times a throttled or failing request is tried, and the first back-off. */
export const MAX_ATTEMPTS = 5;
export const FIRST_BACKOFF_MS = 1_000;
/** Below this much of Canvas's rate-limit bucket left, pause before the next request. */
export const LOW_RATE_REMAINING = 100;
export const LOW_RATE_PAUSE_MS = 2_000;

/** A connector could not fetch or understand a page; says which connector and which page. */
export class ConnectorError extends Error {
  constructor(connector: string, page: string, message: string) {
    super(`${connector}: ${page}: ${message}`);
    this.name = 'ConnectorError';
  }
}

export interface HttpContext {
  connector: string;
  wait: Wait;
}

/** The response, after backing off while throttled; any other status is returned for the caller to judge. */
export async function requestWithBackoff(
  context: HttpContext,
  page: string,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS)
        throw new ConnectorError(context.connector, page, `request failed: ${(error as Error).message}`);
      await context.wait(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      continue;
    }
    const retry = await shouldRetry(response);
    if (!retry) {
      const remaining = Number(response.headers.get('x-rate-limit-remaining'));
      if (response.headers.has('x-rate-limit-remaining') && remaining < LOW_RATE_REMAINING)
        await context.wait(LOW_RATE_PAUSE_MS);
      return response;
    }
    if (attempt >= MAX_ATTEMPTS)
      throw new ConnectorError(context.connector, page, `${retry} after ${attempt} attempts`);
    const retryAfter = Number(response.headers.get('retry-after'));
    await context.wait(
      Number.isFinite(retryAfter) && retryAfter > 0
        ? retryAfter * 1000
        : FIRST_BACKOFF_MS * 2 ** (attempt - 1),
    );
  }
}

/** Why a response should be retried ("throttled", "server error 503"), or null. */
async function shouldRetry(response: Response): Promise<string | null> {
  if (response.status === 429) return 'throttled';
  if (response.status === 403) {
    const body = await response.clone().text();
    return /rate limit exceeded/i.test(body) ? 'throttled' : null;
  }
  return response.status >= 500 ? `server error ${response.status}` : null;
}

/** Fails unless the response is 2xx, with the status (and a short reason) in the message. */
export async function expectOk(context: HttpContext, page: string, response: Response): Promise<void> {
  if (response.ok) return;
  const body = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
  throw new ConnectorError(context.connector, page, `HTTP ${response.status}: ${body}`);
}

/** The body as JSON, validated by `schema`; a malformed page names the first problem's path. */
export async function readJson<S extends z.ZodType>(
  context: HttpContext,
  page: string,
  response: Response,
  schema: S,
): Promise<z.infer<S>> {
  await expectOk(context, page, response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConnectorError(context.connector, page, 'the response is not JSON');
  }
  return parseBody(context, page, body, schema);
}

export function parseBody<S extends z.ZodType>(
  context: HttpContext,
  page: string,
  body: unknown,
  schema: S,
): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const path = issue?.path.length ? issue.path.join('.') : 'the body';
  throw new ConnectorError(context.connector, page, `unexpected response: ${path} ${issue?.message ?? ''}`);
}

/** A secret named by the feed configuration, read from the environment; missing → refuses, naming it. */
export function secretFromEnv(connector: string, variable: string, env = process.env): string {
  const value = env[variable];
  if (value === undefined || value === '')
    throw new ConnectorError(connector, 'configuration', `environment variable ${variable} is not set`);
  return value;
}
