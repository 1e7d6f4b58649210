/**
 * Polls Canvas REST (bearer token from a named environment variable) for the `ingest-source` job: the
 * courses (configured, or all the token sees), each course's student enrollments (Canvas user → SIS user
 * id, the Engage student id), the course analytics' per-student page views and participations, and, when
 * the feed names a submissions source, the students' submissions. Every list follows Link-header paging
 * (rel="next", same host only, so the token never leaves Canvas); throttling backs off (connectors/http.ts).
 * Analytics totals are cumulative: a student's first poll sets the baseline, later polls count the rise
 * since; submissions count once, after the last poll's watermark. One increment delivery per course.
 */
import { z } from 'zod';
import type { RawRecord } from '../../../src/ingest/delivery.ts';
import { IngestError, ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import type { CanvasConfig } from './config.ts';
import {
  ConnectorError,
  readJson,
  realWait,
  requestWithBackoff,
  secretFromEnv,
  type HttpContext,
  type Wait,
} from '../shared/http.ts';
import { activityValues, recordsDelivery } from '../shared/records.ts';

/** Items per page asked of Canvas (its maximum is 100). */
export const CANVAS_PER_PAGE = 100;

const CourseSchema = z.looseObject({ id: z.number().int() });
const EnrollmentSchema = z.looseObject({
  user_id: z.number().int(),
  type: z.string(),
  user: z.looseObject({ sis_user_id: z.string().nullable().optional() }).optional(),
});
const SummarySchema = z.looseObject({
  id: z.number().int(),
  page_views: z.number().int().min(0).nullable(),
  participations: z.number().int().min(0).nullable(),
});
const SubmissionSchema = z.looseObject({
  user_id: z.number().int(),
  submitted_at: z.iso.datetime({ offset: true }).nullable(),
  workflow_state: z.string(),
});

export interface CanvasPullOptions {
  env?: NodeJS.ProcessEnv;
  wait?: Wait;
  now?: Date;
}

/** The URL of the Link header's rel="next", if any. */
export function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1] as string;
  }
  return null;
}

export async function pullCanvas(
  repos: Repositories,
  sourceId: string,
  options: CanvasPullOptions = {},
): Promise<IngestOutcome[]> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed?.canvas) throw new IngestError(`source "${sourceId}" has no Canvas configured`);
  const canvas = feed.canvas as CanvasConfig;
  const token = secretFromEnv('canvas', canvas.tokenEnv, options.env);
  const context: HttpContext = { connector: 'canvas', wait: options.wait ?? realWait };
  const base = new URL(canvas.baseUrl);

  /** Every item of a paged list, page by page. */
  const list = async <S extends z.ZodType>(what: string, path: string, item: S): Promise<z.infer<S>[]> => {
    const items: z.infer<S>[] = [];
    let url: string | null = new URL(
      `${path}${path.includes('?') ? '&' : '?'}per_page=${CANVAS_PER_PAGE}`,
      base,
    ).toString();
    for (let page = 1; url !== null; page++) {
      const name = `${what} page ${page}`;
      if (new URL(url).origin !== base.origin)
        throw new ConnectorError('canvas', name, 'the next page is on another host; not following it');
      const response = await requestWithBackoff(context, name, url, {
        headers: { authorization: `Bearer ${token}` },
      });
      items.push(...(await readJson(context, name, response, z.array(item))));
      url = nextLink(response.headers.get('link'));
    }
    return items;
  };

  const courseIds =
    canvas.courseIds ??
    (await list('courses', '/api/v1/courses?enrollment_type=teacher', CourseSchema)).map((c) => c.id);
  const cursors = await repos.connectorState.cursors(sourceId);
  const receivedAt = options.now ?? new Date();
  const outcomes: IngestOutcome[] = [];
  for (const courseId of courseIds) {
    const course = `course ${courseId}`;
    const enrollments = await list(
      `${course} enrollments`,
      `/api/v1/courses/${courseId}/enrollments?type[]=StudentEnrollment`,
      EnrollmentSchema,
    );
    const studentOf = new Map(enrollments.map((e) => [e.user_id, e.user?.sis_user_id ?? '']));
    const summaries = await list(
      `${course} student summaries`,
      `/api/v1/courses/${courseId}/analytics/student_summaries`,
      SummarySchema,
    );
    const next = new Map<string, number>();
    const records: RawRecord[] = [];
    const position = () => ({ file: `canvas ${course}`, line: records.length + 1 });
    const add = (user: number, timestamp: string, count: number, source?: string) => {
      const student = studentOf.get(user);
      if (student === undefined) {
        records.push({
          position: position(),
          error: `Canvas user ${user} is not a student enrolled in the course`,
        });
        return;
      }
      records.push({
        position: position(),
        values: activityValues(feed, { student, timestamp, count, ...(source ? { source } : {}) }),
      });
    };

    for (const summary of summaries) {
      const key = `course:${courseId}:user:${summary.id}:activity`;
      const total = (summary.page_views ?? 0) + (summary.participations ?? 0);
      const before = cursors.get(key);
      next.set(key, total);
      if (before === undefined || total === before) continue;
      add(summary.id, receivedAt.toISOString(), total > before ? total - before : total);
    }
    if (canvas.submissionsSourceId !== undefined) {
      const key = `course:${courseId}:submitted`;
      const since = cursors.get(key) ?? 0;
      let latest = since;
      const submissions = await list(
        `${course} submissions`,
        `/api/v1/courses/${courseId}/students/submissions?student_ids[]=all`,
        SubmissionSchema,
      );
      for (const submission of submissions) {
        if (submission.submitted_at === null) continue;
        const at = Date.parse(submission.submitted_at);
        if (at <= since) continue;
        latest = Math.max(latest, at);
        add(submission.user_id, submission.submitted_at, 1, canvas.submissionsSourceId);
      }
      next.set(key, latest);
    }
    if (records.length > 0) {
      outcomes.push(
        await ingestDelivery(
          repos,
          recordsDelivery({ sourceId, name: `canvas ${course}`, mode: 'increment', receivedAt, records }),
        ),
      );
    }
    await repos.connectorState.saveCursors(sourceId, next);
  }
  return outcomes;
}
