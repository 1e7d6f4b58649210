/**
 * Reads one request to /slack/events from its raw body: a slash command (form fields), an interaction
 * (form field `payload` holding JSON: block_actions, view_submission) or an Events API callback (JSON,
 * including the url_verification handshake and Slack's app_rate_limited notice). Checks the fields Engage
 * relies on with zod and names the first missing one, and derives the key that identifies a redelivery of
 * the same request. Any other well-formed request (a JSON object or interaction with a `type` Engage does
 * not handle) is to be acknowledged and ignored: Slack disables an app's events when too many deliveries
 * fail. Only a body that cannot be read is malformed.
 */
import { z } from 'zod';

const id = z.string().min(1);

const slashCommand = z.looseObject({
  command: id,
  text: z.string(),
  user_id: id,
  channel_id: id,
  team_id: id,
  response_url: z.url(),
  trigger_id: id,
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  trigger_id: id,
  user: z.looseObject({ id }),
  actions: z.array(z.looseObject({ action_id: id, action_ts: z.string().optional() })).min(1),
});

const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  trigger_id: id.optional(),
  user: z.looseObject({ id }),
  view: z.looseObject({
    id,
    callback_id: id,
    hash: z.string().optional(),
    private_metadata: z.string(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }),
  }),
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event_id: id,
  event: z.looseObject({ type: id }),
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

const appRateLimited = z.looseObject({
  type: z.literal('app_rate_limited'),
  team_id: id,
  api_app_id: id,
  minute_rate_limited: z.number().int().nonnegative(),
});

export type Inbound =
  | { kind: 'url-verification'; challenge: string }
  | { kind: 'ssl-check' }
  | { kind: 'rate-limited'; teamId: string; appId: string; since: Date }
  | { kind: 'ignored'; type: string }
  | { kind: 'deliver'; body: Record<string, unknown>; deliveryKey: string };

export type InboundResult = { ok: true; inbound: Inbound } | { ok: false; reason: string };

export function readInbound(contentType: string | undefined, rawBody: Buffer): InboundResult {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = rawBody.toString('utf8');
  if (type === 'application/json') return readJson(text);
  if (type === 'application/x-www-form-urlencoded') return readForm(new URLSearchParams(text));
  return { ok: false, reason: `unsupported content type "${type}"` };
}

function readJson(text: string): InboundResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, reason: `body is not JSON: ${parsed.reason}` };
  const kind = (parsed.value as { type?: unknown } | null)?.type;
  if (kind === 'url_verification') {
    return check(urlVerification, parsed.value, 'url_verification', (body) => ({
      kind: 'url-verification',
      challenge: body.challenge,
    }));
  }
  if (kind === 'event_callback') {
    return check(eventCallback, parsed.value, 'event_callback', (body) => ({
      kind: 'deliver',
      body,
      deliveryKey: `event:${body.event_id}`,
    }));
  }
  if (kind === 'app_rate_limited') {
    return check(appRateLimited, parsed.value, 'app_rate_limited', (body) => ({
      kind: 'rate-limited',
      teamId: body.team_id,
      appId: body.api_app_id,
      since: new Date(body.minute_rate_limited * 1000),
    }));
  }
  return ignoredOr(kind, 'body');
}

/** A request of a type Engage does not handle is ignored; one with no type at all is malformed. */
function ignoredOr(kind: unknown, what: string): InboundResult {
  if (typeof kind === 'string' && kind !== '') return { ok: true, inbound: { kind: 'ignored', type: kind } };
  return { ok: false, reason: `${what}: type: expected the request's type as a string` };
}

function readForm(form: URLSearchParams): InboundResult {
  if (form.get('ssl_check') === '1') return { ok: true, inbound: { kind: 'ssl-check' } };
  const payload = form.get('payload');
  if (payload !== null) {
    const parsed = parseJson(payload);
    if (!parsed.ok) return { ok: false, reason: `payload is not JSON: ${parsed.reason}` };
    const kind = (parsed.value as { type?: unknown } | null)?.type;
    if (kind === 'block_actions') {
      return check(blockActions, parsed.value, 'block_actions', (body) => ({
        kind: 'deliver',
        body,
        deliveryKey: `block_actions:${body.trigger_id}:${body.actions[0]!.action_ts ?? ''}`,
      }));
    }
    if (kind === 'view_submission') {
      return check(viewSubmission, parsed.value, 'view_submission', (body) => ({
        kind: 'deliver',
        body,
        deliveryKey: `view_submission:${body.view.id}:${body.trigger_id ?? body.view.hash ?? ''}`,
      }));
    }
    return ignoredOr(kind, 'payload');
  }
  return check(slashCommand, Object.fromEntries(form), 'slash command', (body) => ({
    kind: 'deliver',
    body,
    deliveryKey: `command:${body.trigger_id}`,
  }));
}

function check<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  value: unknown,
  what: string,
  accept: (body: z.output<S>) => Inbound,
): InboundResult {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, inbound: accept(result.data) };
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return { ok: false, reason: `${what}: ${where}: ${issue.message}` };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
