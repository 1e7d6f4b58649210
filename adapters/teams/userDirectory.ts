/**
 * Who a Teams user is, for access control: the member's email (or user principal name) from the Bot
 * Connector (TeamsInfo.getMember), remembered in memory for an hour per sender so a busy channel does not
 * ask on every message. The user carries both ids Teams gives (the AAD object id, when sent, and the
 * channel account id), so a person remembered under one is found under the other. A failed lookup leaves
 * the email unknown and says the lookup failed, rather than failing the turn.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { ExpiringCache } from '../../src/cache/expiringCache.ts';
import type { ChatUser } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';

const CACHE_TTL_MS = 60 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;
/** The member lookup failed (the Bot Connector refused or could not be reached). */
const FAILED = Symbol('member lookup failed');

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
    const id = from.aadObjectId || from.id;
    const user: ChatUser = { platform: 'teams', id };
    if (from.id && from.id !== id) user.otherIds = [from.id];
    if (from.name) user.displayName = from.name;
    const lookup = await this.emailOf(context, id);
    if (lookup === FAILED) user.lookupFailed = true;
    else if (lookup) user.email = lookup;
    return user;
  }

  private async emailOf(context: TurnContext, key: string): Promise<string | undefined | typeof FAILED> {
    const cached = this.cache.get(key);
    if (cached) return cached.email;
    let email: string | undefined;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      email = member.email ?? member.userPrincipalName ?? undefined;
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'teams member lookup failed');
      return FAILED;
    }
    this.cache.set(key, { email });
    return email;
  }
}
