/**
 * The chat core's boundary: who is asking and where (ChatContext), what it answers (ChatResponse), the
 * application interface every platform adapter calls (ChatApp), and the ports the core needs from
 * adapters (signed chart images, posting to a channel). Platform adapters only translate to and from these.
 */
import type { BandCount, CalibrationPoint, TrendPoint } from '../repositories/chartImages.ts';
import type { ParsedChatAction } from './actions.ts';
import type { ImageRef, View } from './views/viewModel.ts';

export type Platform = 'teams' | 'slack' | 'preview';

/** The person in chat. `email` when the platform told us (Teams member lookup, Slack users.info). */
export interface ChatUser {
  platform: Platform;
  /** Teams AAD object id, Slack user id, preview user id. */
  id: string;
  /** Other ids the platform gives the same person (Teams: the channel account id beside the AAD object id). */
  otherIds?: string[];
  email?: string;
  displayName?: string;
  /** The platform could not be asked who this is just now (its API failed), so no email is no answer. */
  lookupFailed?: boolean;
}

/** Where the conversation is: a channel, group chat or personal chat. */
export interface ChatPlace {
  platform: Platform;
  /** Teams conversation id, Slack channel id. */
  channelId: string;
  kind: 'channel' | 'group' | 'personal';
  /** Teams tenant id or Slack team id. */
  workspaceId?: string;
  /** Human name of the channel when known, for the channels list. */
  name?: string;
}

export interface ChatContext {
  user: ChatUser;
  place: ChatPlace;
  now: Date;
  /** The reader's IANA time zone when the platform says it (Teams localTimezone, Slack's user tz). */
  timeZone?: string;
}

/**
 * How the adapter should deliver the view: `reply` a new message (ephemeral where the platform can),
 * `update` the card the action came from in place, `modal` open a form (Slack modal; Teams shows the
 * form card in place).
 */
export interface ChatResponse {
  view: View;
  mode: 'reply' | 'update' | 'modal';
  /**
   * With `update`: the change is everyone's (a claim), so the message itself is updated for everyone in
   * the conversation (Teams updateActivity), not only the reader's copy of the card.
   */
  shared?: boolean;
}

export interface ChatApp {
  /** A typed command: `student <id or name>`, `digest`, `declining`, `priority`, `bands`, `help`, admin `link …`. */
  command(context: ChatContext, text: string): Promise<ChatResponse>;
  /** A button press or form submission. */
  action(context: ChatContext, action: ParsedChatAction): Promise<ChatResponse>;
  /** Slack App Home / Teams personal tab: the user's own priority list. */
  home(context: ChatContext): Promise<View>;
}

/** Turns chart data into a signed, expiring image URL that carries no student data. */
export interface ChartLinker {
  /**
   * A score trend; `forStudent` draws a student's own chart instead: the shape against the peers' average,
   * with no thresholds, and a score axis only when the institution shows students their score
   * (adapters/http/chartSpecs/studentTrend.ts).
   */
  trend(points: TrendPoint[], options?: { forStudent?: { scoreAxis: boolean } }): Promise<ImageRef>;
  bands(counts: BandCount[]): Promise<ImageRef>;
  /** The risk model's calibration: per bin, mean predicted risk, observed bad-outcome share and count. */
  calibration(points: CalibrationPoint[]): Promise<ImageRef>;
}

/** The result of posting one message to one channel. */
export type PostOutcome =
  | { kind: 'posted'; messageId: string }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'gone'; reason: string }
  | { kind: 'failed'; reason: string };

/** A platform's way to post a view proactively into a linked channel (digests, alerts, governance). */
export interface ChannelPoster {
  platform: Platform;
  /** Minimum spacing between two posts into the same channel: the platform's documented rate limit. */
  minPostIntervalMs: number;
  post(channelId: string, view: View): Promise<PostOutcome>;
}
