/**
 * Polls Moodle web services (REST, token from a named environment variable) for the `ingest-source` job:
 * per configured course, the enrolled users (core_enrol_get_enrolled_users: their last access to the
 * course) and, when the feed names a submissions source, the assignment submissions (mod_assign_get_
 * assignments, then mod_assign_get_submissions). Only what is newer than the last run's watermark becomes a
 * count, one increment delivery per course, so polling again never double-counts. Moodle reports errors as
 * HTTP 200 with an {exception, errorcode, message} body: those fail with the errorcode in the message.
 */
import { z } from 'zod';
import type { RawRecord } from '../../../src/ingest/delivery.ts';
import type { FeedConfig } from '../../../src/ingest/feeds.ts';
import type { MoodleConfig } from './config.ts';
import { IngestError, ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import {
  ConnectorError,
  parseBody,
  readJson,
  realWait,
  requestWithBackoff,
  secretFromEnv,
  type HttpContext,
  type Wait,
} from '../shared/http.ts';
import { activityValues, recordsDelivery } from '../shared/records.ts';

type MoodleFeed = FeedConfig & { moodle: MoodleConfig };

const MoodleErrorSchema = z.object({ exception: z.string(), errorcode: z.string(), message: z.string() });

const EnrolledUsersSchema = z.array(
  z.looseObject({
    id: z.number().int(),
    username: z.string().optional(),
    idnumber: z.string().optional(),
    email: z.string().optional(),
    lastaccess: z.number().int().optional(),
    lastcourseaccess: z.number().int().nullable().optional(),
    roles: z.array(z.looseObject({ shortname: z.string() })).optional(),
  }),
);

const AssignmentsSchema = z.looseObject({
  courses: z.array(
    z.looseObject({ id: z.number().int(), assignments: z.array(z.looseObject({ id: z.number().int() })) }),
  ),
});

const SubmissionsSchema = z.looseObject({
  assignments: z.array(
    z.looseObject({
      assignmentid: z.number().int(),
      submissions: z.array(
        z.looseObject({
          userid: z.number().int(),
          status: z.string(),
          timemodified: z.number().int(),
        }),
      ),
    }),
  ),
});

export interface MoodlePullOptions {
  env?: NodeJS.ProcessEnv;
  wait?: Wait;
  now?: Date;
}

export async function pullMoodle(
  repos: Repositories,
  sourceId: string,
  options: MoodlePullOptions = {},
): Promise<IngestOutcome[]> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed?.moodle) throw new IngestError(`source "${sourceId}" has no Moodle web services configured`);
  const moodle = feed.moodle as MoodleConfig;
  const token = secretFromEnv('moodle', moodle.tokenEnv, options.env);
  const context: HttpContext = { connector: 'moodle', wait: options.wait ?? realWait };
  const call = async <S extends z.ZodType>(
    page: string,
    wsfunction: string,
    params: Record<string, string>,
    schema: S,
  ) => {
    const url = new URL(
      'webservice/rest/server.php',
      moodle.baseUrl.endsWith('/') ? moodle.baseUrl : `${moodle.baseUrl}/`,
    );
    url.search = new URLSearchParams({
      wstoken: token,
      wsfunction,
      moodlewsrestformat: 'json',
      ...params,
    }).toString();
    const body = await readJson(
      context,
      page,
      await requestWithBackoff(context, page, url.toString()),
      z.unknown(),
    );
    const error = MoodleErrorSchema.safeParse(body);
    if (error.success)
      throw new ConnectorError('moodle', page, `${error.data.errorcode}: ${error.data.message}`);
    return parseBody(context, page, body, schema);
  };

  const cursors = await repos.connectorState.cursors(sourceId);
  const outcomes: IngestOutcome[] = [];
  for (const courseId of moodle.courseIds) {
    const page = `course ${courseId}`;
    const users = await call(
      `${page} enrolled users`,
      'core_enrol_get_enrolled_users',
      { courseid: String(courseId) },
      EnrolledUsersSchema,
    );
    const studentOf = new Map(users.map((user) => [user.id, user[moodle.studentField] ?? '']));
    const accessKey = `course:${courseId}:access`;
    const submittedKey = `course:${courseId}:submitted`;
    const since = { access: cursors.get(accessKey) ?? 0, submitted: cursors.get(submittedKey) ?? 0 };
    const next = new Map<string, number>([[accessKey, since.access]]);
    const records: RawRecord[] = [];
    const add = (student: string, seconds: number, source?: string) =>
      records.push({
        position: { file: `moodle ${page}`, line: records.length + 1 },
        values: activityValues(feed as MoodleFeed, {
          student,
          timestamp: new Date(seconds * 1000).toISOString(),
          ...(source === undefined ? {} : { source }),
        }),
      });

    for (const user of users) {
      const isStudent = user.roles === undefined || user.roles.some((role) => role.shortname === 'student');
      const access = user.lastcourseaccess ?? user.lastaccess ?? 0;
      if (!isStudent || access <= since.access) continue;
      add(studentOf.get(user.id) as string, access);
      next.set(accessKey, Math.max(next.get(accessKey) ?? 0, access));
    }
    if (moodle.submissionsSourceId !== undefined) {
      next.set(submittedKey, since.submitted);
      const assignments = await call(
        `${page} assignments`,
        'mod_assign_get_assignments',
        { 'courseids[0]': String(courseId) },
        AssignmentsSchema,
      );
      const ids = assignments.courses.flatMap((course) =>
        course.assignments.map((assignment) => assignment.id),
      );
      if (ids.length > 0) {
        const params = Object.fromEntries(ids.map((id, i) => [`assignmentids[${i}]`, String(id)]));
        const submissions = await call(
          `${page} submissions`,
          'mod_assign_get_submissions',
          params,
          SubmissionsSchema,
        );
        for (const submission of submissions.assignments.flatMap((assignment) => assignment.submissions)) {
          if (submission.status !== 'submitted' || submission.timemodified <= since.submitted) continue;
          const student = studentOf.get(submission.userid);
          if (student === undefined) {
            records.push({
              position: { file: `moodle ${page}`, line: records.length + 1 },
              error: `submission by Moodle user ${submission.userid}, who is not enrolled in the course`,
            });
          } else add(student, submission.timemodified, moodle.submissionsSourceId);
          next.set(submittedKey, Math.max(next.get(submittedKey) ?? 0, submission.timemodified));
        }
      }
    }
    if (records.length === 0) continue;
    outcomes.push(
      await ingestDelivery(
        repos,
        recordsDelivery({
          sourceId,
          name: `moodle ${page}`,
          mode: 'increment',
          receivedAt: options.now ?? new Date(),
          records,
        }),
      ),
    );
    await repos.connectorState.saveCursors(sourceId, next);
  }
  return outcomes;
}
