/**
 * The admins' feed-health cards in the local preview: for a preview conversation linked as the admins'
 * channel (the Administrator persona's), the card of every feed incident in force now, built by the same
 * code the hourly `feed-health` job posts to Teams and Slack with. Nothing is recorded in the posting
 * ledger, so the preview shows the current incidents each time it is asked and never stands in for a post.
 */
import { currentFeedIncidents, incidentCardBuilder } from '../../src/feedHealth/currentIncidents.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { notice } from '../../src/chat/views/notices.ts';
import type { View } from '../../src/chat/views/viewModel.ts';

const NOT_THE_ADMINS_CHANNEL = notice(
  'info',
  'Feed health',
  'Feed-health cards go to the admins\' channel only (a channel linked with "link admins"). In the preview that is the Administrator persona\'s conversation.',
);

const ALL_FEEDS_HEALTHY = notice(
  'success',
  'Feed health: nothing to report',
  'No feed is stale, below 80% quality or held for approval, and the latest scored week has no shared cause.',
);

/** The cards the preview conversation `channelId` would have from the feed-health job at `now`. */
export function previewFeedHealth(repos: Repositories) {
  return async (channelId: string, now: Date): Promise<View[]> => {
    const link = await repos.channelLinks.linkFor('preview', channelId);
    if (link?.group.kind !== 'admins') return [NOT_THE_ADMINS_CHANNEL];
    const { week, incidents } = await currentFeedIncidents(repos, now);
    if (incidents.length === 0) return [ALL_FEEDS_HEALTHY];
    const cardOf = incidentCardBuilder(repos, week);
    const cards: View[] = [];
    for (const incident of incidents) cards.push(await cardOf(incident));
    return cards;
  };
}
