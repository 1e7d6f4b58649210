/**
 * The feed incidents in force now, read from the store (every enabled source's deliveries and quality,
 * the latest scored week's shared causes), and each one's admins' card with its touched students counted
 * and its peer group named in words. What the hourly `feed-health` job posts to the admins' channels and
 * what the local preview shows its administrator: one reading, one card, wherever it is shown.
 */
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import { peerGroupLabel } from '../chat/context/scope.ts';
import type { NoticeView } from '../chat/views/viewModel.ts';
import { enabledSourceFeeds } from './feedHealthWeek.ts';
import { incidentCard, touchedStudents } from './incidentCard.ts';
import { detectFeedIncidents, type FeedIncident } from './incidents.ts';

export interface CurrentIncidents {
  /** The latest scored week (undefined before any), whose scores the cards count. */
  week: IsoWeek | undefined;
  incidents: FeedIncident[];
}

export async function currentFeedIncidents(repos: Repositories, now: Date): Promise<CurrentIncidents> {
  const week = (await repos.scores.scoredWeeks()).at(-1);
  const sharedCauses: SharedCause[] = week
    ? (await repos.scores.peerGroupsOfWeek(week)).flatMap((group) =>
        group.sharedCause ? [group.sharedCause] : [],
      )
    : [];
  const incidents = detectFeedIncidents({
    now,
    week: week ?? isoWeekOf(now),
    sources: await enabledSourceFeeds(repos),
    sharedCauses,
  });
  return { week, incidents };
}

/** Builds incidents' cards against `week`'s scores, reading the programme names once, on first use. */
export function incidentCardBuilder(
  repos: Repositories,
  week: IsoWeek | undefined,
): (incident: FeedIncident) => Promise<NoticeView> {
  let programmes: Promise<Map<string, string>> | undefined;
  return async (incident) => {
    programmes ??= repos.institution
      .listProgrammes()
      .then((all) => new Map(all.map((programme) => [programme.id, programme.name])));
    const names = await programmes;
    const labels = { programme: (id: string) => names.get(id) ?? id, staff: (id: string) => id };
    return incidentCard(incident, await touchedStudents(repos, week, incident), (key) =>
      peerGroupLabel(key, labels),
    );
  };
}
