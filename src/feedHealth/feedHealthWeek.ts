/**
 * Reads what feed health needs from the store: the enabled sources' delivery logs and quality figures
 * (as the pure detection takes them), and for a tutors' digest, the week's feed problems in one line and
 * the declining students whose decline is the suspect feed's alone (feedOnlyDecline.ts).
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { WeeklyScore } from '../domain/model.ts';
import { weeklyQuality } from '../ingest/quality.ts';
import type { Repositories } from '../repositories/index.ts';
import { DEFAULT_SIGNAL_CONFIG } from '../signals/config.ts';
import type { SignalEntry } from '../weekly/loadSignals.ts';
import { declineOnlyFromFeed } from './feedOnlyDecline.ts';
import { weekFeedProblems, type SourceFeed } from './incidents.ts';

/** The enabled sources with their logged deliveries and weekly quality. */
export async function enabledSourceFeeds(repos: Repositories): Promise<SourceFeed[]> {
  const [sources, enrolled] = await Promise.all([
    repos.sources.listSources(),
    repos.institution.countStudents(),
  ]);
  const feeds: SourceFeed[] = [];
  for (const source of sources.filter((candidate) => candidate.enabled)) {
    const [feed, deliveries] = await Promise.all([
      repos.feeds.feed(source.id),
      repos.deliveries.forSource(source.id),
    ]);
    const expectedDeliveriesPerWeek = feed?.expectedDeliveriesPerWeek ?? 1;
    feeds.push({
      id: source.id,
      name: source.name,
      owner: source.owner ?? null,
      expectedDeliveriesPerWeek,
      deliveries,
      quality: weeklyQuality(deliveries, enrolled, expectedDeliveriesPerWeek),
    });
  }
  return feeds;
}

export interface DigestFeedHealth {
  /** One line per digest, or none when the week's feeds are sound. */
  notes: string[];
  /** Declining students whose decline comes only from the suspect sources: not listed as declining. */
  feedOnly: ReadonlySet<string>;
}

const SOUND: DigestFeedHealth = { notes: [], feedOnly: new Set() };

/** The week's feed problems for the digests, and whose declines they alone explain among `entries`. */
export async function digestFeedHealth(
  repos: Repositories,
  week: IsoWeek,
  entries: readonly SignalEntry[],
  now: Date,
): Promise<DigestFeedHealth> {
  const problems = weekFeedProblems(await enabledSourceFeeds(repos), week, now);
  if (problems.length === 0) return SOUND;
  const affected = problems.map((problem) => problem.sourceId);
  const declining = entries.filter((entry) => entry.signals.declining && entry.signals.week === week);
  const feedOnly = await feedOnlyDeclines(repos, week, declining, affected);
  const names = problems.map((problem) => problem.sourceName).join(' and ');
  const line =
    `${problems.map((problem) => problem.sentence).join('; ')}: declines in ${names} this week may be ` +
    'the feed, not the students' +
    (feedOnly.size > 0
      ? `. ${feedOnly.size} student${feedOnly.size === 1 ? ' whose decline comes' : 's whose declines come'} only from it ${feedOnly.size === 1 ? 'is' : 'are'} not listed as declining.`
      : '.');
  return { notes: [line], feedOnly };
}

async function feedOnlyDeclines(
  repos: Repositories,
  week: IsoWeek,
  declining: readonly SignalEntry[],
  affected: readonly string[],
): Promise<Set<string>> {
  const feedOnly = new Set<string>();
  if (declining.length === 0) return feedOnly;
  const scored = await repos.scores.scoredWeeks();
  const previousWeek = scored.filter((candidate) => candidate < week).at(-1);
  if (previousWeek === undefined) return feedOnly;
  const wanted = new Set(declining.map((entry) => entry.student.id));
  const byStudent = async (of: IsoWeek) =>
    new Map(
      (await repos.scores.scoresForWeek(of))
        .filter((score) => wanted.has(score.studentId))
        .map((score): [string, WeeklyScore] => [score.studentId, score]),
    );
  const [current, previous, groups, configVersion] = await Promise.all([
    byStudent(week),
    byStudent(previousWeek),
    repos.scores.peerGroupsOfWeek(week),
    repos.scores.configVersionOf(week),
  ]);
  const config =
    (configVersion === null ? null : await repos.scoringConfig.version(configVersion)) ??
    (await repos.scoringConfig.current());
  const groupOf = new Map(groups.map((group) => [group.peerGroup, group]));
  for (const entry of declining) {
    const score = current.get(entry.student.id);
    const group = score && groupOf.get(score.peerGroup);
    if (!score || !group || entry.signals.fourWeekChange === null) continue;
    const only = declineOnlyFromFeed({
      score: score.score,
      composite: score.composite,
      fourWeekChange: entry.signals.fourWeekChange,
      breakdown: score.breakdown,
      previous: previous.get(entry.student.id)?.breakdown ?? null,
      group,
      scale: config.config.scale,
      declineDrop: DEFAULT_SIGNAL_CONFIG.declineDrop,
      affected,
    });
    if (only) feedOnly.add(entry.student.id);
  }
  return feedOnly;
}

/** The entries with feed-only declines no longer declining (nor "Engage + No Case"): still scored and listed elsewhere. */
export function withoutFeedOnlyDeclines<E extends SignalEntry>(
  entries: readonly E[],
  feedOnly: ReadonlySet<string>,
): E[] {
  if (feedOnly.size === 0) return [...entries];
  return entries.map((entry) =>
    feedOnly.has(entry.student.id)
      ? { ...entry, signals: { ...entry.signals, declining: false, engageNoCase: false } }
      : entry,
  );
}
