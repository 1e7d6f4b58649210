/**
 * Who a Slack user is, for mapping them to a staff record: email and display name from users.info
 * (scopes users:read, users:read.email), cached for an hour per user and shared by concurrent first
 * look-ups, so a burst of commands from one tutor makes one Web API call. A failed look-up is not cached
 * and leaves the user without an email (the chat core then says plainly that it does not know them).
 */
import type { WebClient } from '@slack/web-api';
import { ExpiringCache } from '../../src/cache/expiringCache.ts';
import type { Logger } from '../../src/logging/logger.ts';
import { slackErrorCode } from './webApiErrors.ts';

const USER_CACHE_MS = 60 * 60_000;
const USER_CACHE_SIZE = 10_000;

export interface SlackUserProfile {
  email?: string;
  displayName?: string;
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
      return { ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
    } catch (error) {
      this.#profiles.delete(userId);
      this.logger.warn({ slackUserId: userId, error: slackErrorCode(error) }, 'slack: users.info failed');
      return {};
    }
  }
}
