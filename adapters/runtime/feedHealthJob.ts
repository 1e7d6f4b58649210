/**
 * The body of the `feed-health` job (hourly): detects the feed incidents (src/feedHealth/incidents.ts)
 * and posts each one's card into every linked admins' channel exactly once — the posting ledger keyed by
 * the incident, as digests are — so re-runs, retries and a crashed run never post a card twice. Counts
 * the touched students only for an incident some admins' channel has not had yet. Logs counts only.
 */
import { deliverOnce, tally, type DeliveryResult } from '../../src/chat/posting/deliver.ts';
import { currentFeedIncidents, incidentCardBuilder } from '../../src/feedHealth/currentIncidents.ts';
import type { PostingJobDeps } from './postingJobs.ts';

type FeedHealthDeps = Pick<PostingJobDeps, 'repos' | 'delivery' | 'logger'>;

export function feedHealthJobHandlers({ repos, delivery, logger }: FeedHealthDeps) {
  return {
    'feed-health': async (_options: Record<string, unknown>) => {
      const { week, incidents } = await currentFeedIncidents(repos, delivery.now());
      const links = (await repos.channelLinks.list()).filter(
        (link) => link.group.kind === 'admins' && delivery.posters[link.platform] !== undefined,
      );
      if (links.length === 0) {
        if (incidents.length > 0)
          logger.warn({ incidents: incidents.length }, 'feed-health: no admins channel is linked');
        return;
      }
      const cardOf = incidentCardBuilder(repos, week);
      const results: DeliveryResult[] = [];
      for (const incident of incidents) {
        const keys = links.map((link) => ({
          platform: link.platform,
          channelId: link.channelId,
          week: incident.week,
          kind: incident.key,
        }));
        const records = await Promise.all(keys.map((key) => repos.digestPosts.find(key)));
        const due = keys.filter((_, i) => records[i]?.status !== 'posted' && records[i]?.status !== 'gone');
        if (due.length === 0) {
          results.push(...keys.map((): DeliveryResult => 'already-posted'));
          continue;
        }
        const view = await cardOf(incident);
        for (const key of due) results.push(await deliverOnce(delivery, key, view));
      }
      logger.info(
        { incidents: incidents.length, channels: links.length, ...tally(results) },
        'feed-health: done',
      );
    },
  };
}
