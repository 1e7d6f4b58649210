/**
 * Bench group "chat": Slack student lookups against a real listening server on the demo data (2,000
 * students, 12 weeks, seed 42, every term week scored, on a temp embedded store) — 200 clients at once,
 * each sending signed `/engage student <id>` slash commands for students the tutor is entitled to, timed
 * from the request until Slack would have the answer (in the ack's body, or the ack and then the card
 * posted to response_url). The
 * Slack side (clients, and a loopback HTTP server standing in for response_url and users.info) runs in a
 * child process, chatLoad.ts, so the server has its process to itself. Then a paced round: 1,000 lookups a
 * second (an open loop, at most 200 in flight), each timed from when it was due. And the Monday digests of 500
 * linked channels (tutor groups and programme years) built through the chat core from cold caches, best
 * of 3 after a warm-up, with every tenth student claimed ("I'll contact") and every tenth given a known
 * reason (half of them exempt this week, half returning).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { isTermWeek, type Staff } from '../../../src/domain/model.ts';
import { createChatApp } from '../../../src/chat/app.ts';
import type { ChartLinker } from '../../../src/chat/ports.ts';
import type { ChannelLink } from '../../../src/repositories/channelLinks.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { createChartLinker } from '../../../adapters/http/charts.ts';
import { buildServer } from '../../../adapters/http/server.ts';
import { registerSlack } from '../../../adapters/slack/index.ts';
import { openSeededStore, type SeededStore } from '../../helpers/demoStore.ts';
import type { LoadPlan } from './chatLoad.ts';

const DEMO = { students: 2000, weeks: 12, seed: 42 };
const CONCURRENCY = 200;
const WARMUP_LOOKUPS = 400;
const LOOKUPS = 4000;
/** The paced round: 1,000 lookups a second for five seconds. */
const PACED_PER_SECOND = 1000;
const PACED_LOOKUPS = 5000;
const DIGEST_CHANNELS = 500;
const SIGNING_SECRET = 'bench-signing-secret';
const SLACK_USER = 'UBENCHTUTOR';

/** The real chart linker: each student card saves its chart's numbers and links them, signed. */
function charts(seeded: SeededStore): ChartLinker {
  return createChartLinker({
    charts: seeded.repos.chartImages,
    publicBaseUrl: 'https://engage.example.ac.uk',
    signingKey: randomBytes(32),
  });
}

export async function run(): Promise<Record<string, number>> {
  const seeded = await openSeededStore({ ...DEMO });
  try {
    for (const entry of seeded.institution.calendar.filter(isTermWeek)) {
      await scoreAndStoreWeek(seeded.repos, entry.week);
    }
    return { ...(await lookups(seeded)), ...(await digests(seeded)) };
  } finally {
    await seeded.close();
  }
}

/** The tutor with the most tutees, and those tutees' ids. */
function busiestTutor(seeded: SeededStore): { tutor: Staff; studentIds: string[] } {
  const byTutor = new Map<string, string[]>();
  for (const student of seeded.institution.students) {
    if (student.tutorId) byTutor.set(student.tutorId, [...(byTutor.get(student.tutorId) ?? []), student.id]);
  }
  const [tutorId, studentIds] = [...byTutor].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { tutor: seeded.institution.staff.find((staff) => staff.id === tutorId)!, studentIds };
}

const LOAD_SCRIPT = new URL('./chatLoad.ts', import.meta.url).pathname;

async function lookups(seeded: SeededStore): Promise<Record<string, number>> {
  const { tutor, studentIds } = busiestTutor(seeded);
  const plan: LoadPlan = {
    signingSecret: SIGNING_SECRET,
    slackUserId: SLACK_USER,
    email: tutor.email,
    name: tutor.name,
    studentIds,
    concurrency: CONCURRENCY,
    warmup: WARMUP_LOOKUPS,
    lookups: LOOKUPS,
    pacedPerSecond: PACED_PER_SECOND,
    pacedLookups: PACED_LOOKUPS,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify(plan)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async <T>(): Promise<T> => {
    const line = await output.next();
    if (line.done) throw new Error('chat bench: the load generator stopped early');
    return JSON.parse(line.value) as T;
  };
  const logger = createLogger({ level: 'silent' });
  const app = buildServer({
    version: 'bench',
    store: seeded.store,
    jobs: { state: async () => ({}), running: true },
    logger,
  });
  try {
    const { standIn } = await nextLine<{ standIn: string }>();
    registerSlack(app, {
      chatApp: createChatApp({ repos: seeded.repos, charts: charts(seeded) }),
      signingSecret: SIGNING_SECRET,
      botToken: 'xoxb-bench',
      logger,
      deliveries: seeded.repos.inboundDedupe,
      slackApiUrl: `${standIn}/api/`,
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0, backlog: 1024 });
    const cpuBefore = process.cpuUsage();
    child.stdin.end(`${url}\n`);
    type Round = { latenciesMs: number[]; seconds: number };
    const { latenciesMs, seconds, paced } = await nextLine<Round & { paced: Round }>();
    const at = quantiles(latenciesMs);
    const pacedAt = quantiles(paced.latenciesMs);
    return {
      'chat.lookup_p50_ms': at(0.5),
      'chat.lookup_p99_ms': at(0.99),
      'chat.lookup_per_s': Math.round(LOOKUPS / seconds),
      /** Sent at 1,000 a second (open loop, ≤200 in flight), timed from when each was due. */
      'chat.paced_1000_p50_ms': pacedAt(0.5),
      'chat.paced_1000_p99_ms': pacedAt(0.99),
      'chat.paced_1000_achieved_per_s': Math.round(PACED_LOOKUPS / paced.seconds),
      /** The server process's CPU per lookup (warm-up included): what the rate would be on an idle core. */
      'chat.lookup_server_cpu_ms':
        Math.round((cpuMs(process.cpuUsage(cpuBefore)) / (WARMUP_LOOKUPS + LOOKUPS)) * 100) / 100,
    };
  } finally {
    child.kill();
    await app.close();
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** 500 channels, each linked to a tutor's group or a programme year, cycling through them. */
function channelLinks(seeded: SeededStore): ChannelLink[] {
  const { staff, students, programmes } = seeded.institution;
  const tutorIds = [...new Set(students.map((student) => student.tutorId).filter((id) => id !== null))];
  const groups: ChannelLink['group'][] = [
    ...tutorIds.map((staffId) => ({ kind: 'tutor' as const, staffId: staffId! })),
    ...programmes.flatMap((programme) =>
      [1, 2, 3].map((yearOfStudy) => ({
        kind: 'programme' as const,
        programmeId: programme.id,
        yearOfStudy,
      })),
    ),
  ];
  const admin = staff.find((member) => member.roles.includes('admin')) ?? staff[0]!;
  return Array.from({ length: DIGEST_CHANNELS }, (_, i) => ({
    platform: 'slack' as const,
    channelId: `CBENCH${String(i).padStart(5, '0')}`,
    channelName: `bench-${i}`,
    workspaceId: 'TBENCH',
    group: groups[i % groups.length]!,
    linkedBy: admin.id,
    linkedAt: new Date(),
  }));
}

/**
 * Claims on every tenth student, as a busy week leaves them: most held, some already closed by the
 * claimant's contact, some lapsed a few days ago (each said on its digest row).
 */
async function seedClaims(seeded: SeededStore, now: Date): Promise<void> {
  const staff = seeded.institution.staff;
  const day = 86_400_000;
  const students = seeded.institution.students.filter((_, i) => i % 10 === 0);
  for (const [i, student] of students.entries()) {
    const claimant = staff[i % staff.length]!;
    const lapsed = i % 5 === 4;
    const at = new Date(now.getTime() - (lapsed ? 9 : 1) * day);
    await seeded.repos.claims.claim({
      studentId: student.id,
      claimantId: claimant.id,
      claimantName: claimant.name,
      at,
      expiresAt: new Date(at.getTime() + 7 * day),
    });
    if (i % 5 === 3) await seeded.repos.claims.closeByContact(student.id, claimant.id, now);
  }
}

/**
 * Known reasons on every tenth student (not the claimed ones): half exempt this week (left out of the
 * digests and counted), half back since two days (listed, marked returning).
 */
async function seedExemptions(seeded: SeededStore, now: Date): Promise<void> {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const students = seeded.institution.students.filter((_, i) => i % 10 === 5);
  for (const [i, student] of students.entries()) {
    const returning = i % 2 === 1;
    await seeded.repos.exemptions.add({
      studentId: student.id,
      category: 'illness',
      note: '',
      from: day(returning ? -20 : -3),
      until: day(returning ? -2 : 10),
      setBy: seeded.institution.staff[i % seeded.institution.staff.length]!.id,
      setAt: new Date(now.getTime() - (returning ? 20 : 3) * 86_400_000),
    });
  }
}

async function digests(seeded: SeededStore): Promise<Record<string, number>> {
  const links = channelLinks(seeded);
  for (const link of links) await seeded.repos.channelLinks.link(link);
  const stored = await seeded.repos.channelLinks.list('slack');
  const now = new Date();
  await seedClaims(seeded, now);
  await seedExemptions(seeded, now);
  let fastest = Infinity;
  for (let run = 0; run < 4; run += 1) {
    const app = createChatApp({ repos: seeded.repos, charts: charts(seeded) });
    const started = performance.now();
    const built = await app.buildDigests(stored, now);
    const seconds = (performance.now() - started) / 1000;
    if (built === null || built.length !== DIGEST_CHANNELS) {
      throw new Error(`chat bench: built ${built?.length ?? 'no'} digests for ${DIGEST_CHANNELS} channels`);
    }
    if (run > 0) fastest = Math.min(fastest, seconds);
  }
  return { 'chat.digest_500_s': Math.round(fastest * 1000) / 1000 };
}

/** The q-quantile of a sample, to a tenth of a millisecond. */
function quantiles(sample: number[]): (q: number) => number {
  const sorted = [...sample].sort((a, b) => a - b);
  return (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
}
