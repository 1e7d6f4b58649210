/**
 * `engage quarantine retry`: validates a quarantined row again against today's students and feed
 * configuration (the student may have been enrolled since, the mapping corrected) and, if it is good now,
 * adds it to its week's counts and marks the entry resolved — once: a resolved entry is never counted again.
 * A quarantined outcomes row is read again as an outcome and, if good now, saved (the "week" it reports is
 * the outcome's term). A coursework row is not retried alone: its file is corrected and delivered again.
 */
import { AUDIT_ATTRIBUTES_SOURCE_ID } from './auditAttributeFeed.ts';
import { COURSEWORK_SOURCE_ID } from '../coursework/ingestCoursework.ts';
import { OUTCOMES_SOURCE_ID } from '../evaluation/ingestOutcomes.ts';
import { readOutcomeRow } from '../evaluation/outcomeRows.ts';
import type { Repositories } from '../repositories/index.ts';
import { dayOfDate, isoWeekOfWeekNumber } from './days.ts';
import { FORMAT_FIELDS, columnFor } from './feeds.ts';
import { applyColumns, feedFor, forgetIncrement, IngestError } from './ingestDelivery.ts';
import { KeyIndex } from './keyIndex.ts';
import { RowChecker } from './rows.ts';

export type RetryOutcome =
  { counted: true; week: string } | { counted: false; field: string | null; reason: string };

export async function retryQuarantined(repos: Repositories, id: string, now: Date): Promise<RetryOutcome> {
  const entry = await repos.quarantine.find(id);
  if (!entry) throw new IngestError(`no quarantined row "${id}"`);
  if (entry.status === 'resolved') throw new IngestError(`quarantined row "${id}" was already counted`);
  if (entry.values === null)
    throw new IngestError(`quarantined row "${id}" could not be read as a record: ${entry.reason}`);
  if (entry.sourceId === AUDIT_ATTRIBUTES_SOURCE_ID)
    throw new IngestError(
      'an audit-attributes row keeps no values to retry: correct the file and run engage attributes import again',
    );
  if (entry.sourceId === COURSEWORK_SOURCE_ID)
    throw new IngestError(
      'a coursework row is counted with its whole file: correct the file and deliver it again (it replaces what it covers)',
    );
  const studentIds = new Set(await repos.institution.studentIds());
  if (entry.sourceId === OUTCOMES_SOURCE_ID) {
    const verdict = readOutcomeRow(entry.values, (studentId) => studentIds.has(studentId));
    if ('reason' in verdict) {
      await repos.quarantine.setReason(id, verdict.field, verdict.reason);
      return { counted: false, field: verdict.field, reason: verdict.reason };
    }
    if (!(await repos.quarantine.resolve(id, now)))
      throw new IngestError(`quarantined row "${id}" was already counted`);
    await repos.outcomes.saveOutcomes([verdict.outcome]);
    return { counted: true, week: verdict.outcome.term as string };
  }
  const delivery = await repos.deliveries.find(entry.sourceId, entry.deliveryId);
  if (delivery?.status === 'held')
    throw new IngestError(`its delivery ${entry.deliveryId} is held: approve it first`);
  const { feed, targets } = await feedFor(repos, entry.sourceId);
  const { required, optional } = FORMAT_FIELDS[feed.format];
  const present = optional.filter((field) => columnFor(feed, field) in (entry.values ?? {}));
  const students = new KeyIndex([...studentIds]);
  const sources = new KeyIndex(targets);
  const checker = new RowChecker({
    feed,
    fields: [...required, ...present],
    students,
    sources,
    lastDay: dayOfDate(delivery?.receivedAt ?? now) + 1,
  });
  const verdict = checker.check(entry.values);
  if (!('event' in verdict)) {
    await repos.quarantine.setReason(id, verdict.field, verdict.reason);
    return { counted: false, field: verdict.field, reason: verdict.reason };
  }
  const { event } = verdict;
  const week = isoWeekOfWeekNumber(event.week);
  if (!(await repos.quarantine.resolve(id, now)))
    throw new IngestError(`quarantined row "${id}" was already counted`);
  const columns = [
    {
      week,
      sourceId: sources.keys[event.source] as string,
      studentIds: [students.keys[event.student] as string],
      counts: [event.count],
      ...(feed.format === 'attendance' ? { scheduled: [event.scheduled] } : {}),
    },
  ];
  const key = `quarantine\u0000${id}`;
  await applyColumns(repos, columns, 'increment', key);
  await forgetIncrement(repos, columns, key);
  return { counted: true, week };
}
