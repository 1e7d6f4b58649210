/**
 * Who a Slack user is, for mapping them to a staff record: email and display name from users.info
 * (scopes users:read, users:read.email), cached for an hour per user and shared by concurrent first
 * look-ups, so a burst of commands from one tutor makes one Web API call. A failed look-up is not cached
 * and leaves the user without an email (the chat core then says plainly that it does not know them).
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logging/logger.ts';
import { slackErrorCode } from './webApiErrors.ts';

export const USER_CACHE_MS = 60 * 60_000;
export const USER_CACHE_SIZE = 10_000;

export interface SlackUserProfile {
  email?: string;
  displayName?: string;
}

interface Entry {
  at: number;
  profile: Promise<SlackUserProfile>;
}

export class SlackUserDirectory {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly ttlMs = USER_CACHE_MS,
    private readonly capacity = USER_CACHE_SIZE,
  ) {}

  profile(userId: string, nowMs: number): Promise<SlackUserProfile> {
    const cached = this.#entries.get(userId);
    if (cached !== undefined && nowMs - cached.at < this.ttlMs) return cached.profile;
    const profile = this.#fetch(userId);
    this.#entries.delete(userId);
    this.#entries.set(userId, { at: nowMs, profile });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return profile;
  }

  async #fetch(userId: string): Promise<SlackUserProfile> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      const email = user?.profile?.email;
      const displayName = user?.real_name ?? user?.profile?.display_name;
      return { ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
    } catch (error) {
      this.#entries.delete(userId);
      this.logger.warn({ slackUserId: userId, error: slackErrorCode(error) }, 'slack: users.info failed');
      return {};
    }
  }
}
