/**
 * Who a Teams user is, for access control: the member's email (or user principal name) from the Bot
 * Connector (TeamsInfo.getMember), remembered in memory for an hour per AAD object id so a busy channel
 * does not ask on every message. A failed lookup leaves the email unknown rather than failing the turn.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { ExpiringCache } from '../../src/cache/expiringCache.ts';
import type { ChatUser } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';

const CACHE_TTL_MS = 60 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export class TeamsUserDirectory {
  private readonly cache: ExpiringCache<string, { email: string | undefined }>;

  constructor(
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.cache = new ExpiringCache({ ttlMs: CACHE_TTL_MS, maxEntries: CACHE_MAX_ENTRIES, now });
  }

  /** The chat user behind the turn's sender, with the email when Teams tells us. */
  async userOf(context: TurnContext): Promise<ChatUser> {
    const from = context.activity.from;
    const id = from.aadObjectId ?? from.id;
    const user: ChatUser = { platform: 'teams', id };
    if (from.name) user.displayName = from.name;
    const email = await this.emailOf(context, id);
    if (email) user.email = email;
    return user;
  }

  private async emailOf(context: TurnContext, aadObjectId: string): Promise<string | undefined> {
    const cached = this.cache.get(aadObjectId);
    if (cached) return cached.email;
    let email: string | undefined;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      email = member.email ?? member.userPrincipalName ?? undefined;
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'teams member lookup failed');
      return undefined;
    }
    this.cache.set(aadObjectId, { email });
    return email;
  }
}
