/**
 * Who a Slack user is, for mapping them to a staff record: email, display name and time zone from
 * users.info (scopes users:read, users:read.email), cached for an hour per user and shared by concurrent
 * first look-ups, so a burst of commands from one tutor makes one Web API call. Slack answering that the
 * user does not exist leaves them without an email (the chat core then says it does not know them); any
 * other failure (Slack unreachable, an HTTP or platform error) marks the look-up failed, so the person is
 * told Engage could not check who they are and to try again. Failures are not cached.
 */
import type { WebClient } from '@slack/web-api';
import { ExpiringCache } from '../../src/cache/expiringCache.ts';
import type { Logger } from '../../src/logging/logger.ts';
import { slackErrorFields } from './webApiErrors.ts';

const USER_CACHE_MS = 60 * 60_000;
const USER_CACHE_SIZE = 10_000;

/** Slack's answers that the user does not exist (or is not visible to the app): no email, no failure. */
const NO_SUCH_USER: ReadonlySet<string> = new Set(['user_not_found', 'user_not_visible']);

export interface SlackUserProfile {
  email?: string;
  displayName?: string;
  /** The user's IANA time zone as Slack keeps it (users.info `tz`). */
  timeZone?: string;
  /** users.info failed: who this is could not be checked just now. */
  lookupFailed?: true;
}

export class SlackUserDirectory {
  readonly #profiles: ExpiringCache<string, Promise<SlackUserProfile>>;

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.#profiles = new ExpiringCache({ ttlMs: USER_CACHE_MS, maxEntries: USER_CACHE_SIZE, now });
  }

  profile(userId: string): Promise<SlackUserProfile> {
    return this.#profiles.remember(userId, () => this.#fetch(userId));
  }

  async #fetch(userId: string): Promise<SlackUserProfile> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      const email = user?.profile?.email;
      const displayName = user?.real_name ?? user?.profile?.display_name;
      const timeZone = user?.tz;
      return {
        ...(email ? { email } : {}),
        ...(displayName ? { displayName } : {}),
        ...(timeZone ? { timeZone } : {}),
      };
    } catch (error) {
      this.#profiles.delete(userId);
      const fields = slackErrorFields(error);
      this.logger.warn({ slackUserId: userId, ...fields }, 'slack: users.info failed');
      return fields.slackError !== undefined && NO_SUCH_USER.has(fields.slackError)
        ? {}
        : { lookupFailed: true };
    }
  }
}
