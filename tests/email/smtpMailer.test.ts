/**
 * Student emails over real SMTP: a real smtp-server on loopback receives what an alert rule's
 * email-student action sends — to the student, from EMAIL_FROM, describing the trend in words and never
 * the score unless the rule asks for it.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv, smtpMailer, type SmtpMailer } from '../../adapters/email/smtpMailer.ts';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { addRule, setRuleEnabled } from '../../src/rules/admin.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A plain SMTP server on an ephemeral loopback port that keeps every message it accepts. */
async function startSmtp(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text body of a received message (nodemailer uses quoted-printable for long lines). */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n/g, '\n');
}

describe('student email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: SmtpMailer;
  let seeded: SeededStore;
  let termWeeks: string[];
  const META = { at: new Date('2026-01-05T09:00:00Z'), by: 'admin-1', why: 'email test' };

  beforeAll(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer({ url: smtp.url, from: 'Engage <engage@uni.example>' });
    seeded = await openSeededStore({ students: 150, weeks: 4, startWeek: '2026-W02', seed: 5 });
    termWeeks = seeded.institution.calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week);
    for (const week of termWeeks) await scoreAndStoreWeek(seeded.repos, week);
    await setRuleEnabled(seeded.repos, 'below-300-two-weeks', false, META);
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await seeded.close();
  });

  it('a firing emails the student a plain-language note about the trend, without the number', async () => {
    const student = seeded.institution.students.find((s) => s.status === 'active')!;
    await addRule(
      seeded.repos,
      {
        id: 'email-check',
        name: 'Email check',
        trigger: { kind: 'belowForWeeks', threshold: 1000, weeks: 2 },
        scope: {
          programmeIds: [student.programmeId],
          cohorts: [student.cohort],
          yearsOfStudy: [student.yearOfStudy],
        },
        actions: [{ kind: 'email-student' }],
      },
      META,
    );
    const week = termWeeks.at(-1)!;
    await evaluateRulesForWeek(seeded.repos, { week, now: isoWeekStart(week), ports: { mailer } });

    const firings = (await seeded.repos.ruleState.firingsForWeek(week)).filter(
      (f) => f.ruleId === 'email-check',
    );
    expect(firings.length).toBeGreaterThan(0);
    expect(firings.every((f) => f.outcomes.includes('email-student: student emailed'))).toBe(true);
    const toStudent = smtp.received.filter((m) => m.to.includes(student.email));
    expect(toStudent).toHaveLength(1);
    const message = toStudent[0]!;
    expect(message.from).toBe('engage@uni.example');
    expect(message.raw).toMatch(/^Subject: Checking in on how your studies are going$/m);
    const body = bodyOf(message.raw);
    expect(body).toContain(`Dear ${student.name.split(' ')[0]},`);
    expect(body).toContain('lower than most of your peers for two weeks in a row');
    expect(body).toContain('never used for academic progression decisions');
    const score = (await seeded.repos.scores.historyFor(student.id)).at(-1)!.score;
    expect(body).not.toContain(String(score));
    expect(body).not.toMatch(/\bscore\b/i);
    expect(smtp.received).toHaveLength(firings.length);
  });

  it('says so on the firing when no SMTP is configured, and refuses SMTP_URL without EMAIL_FROM', () => {
    expect(mailerFromEnv({ SMTP_URL: undefined, EMAIL_FROM: undefined })).toBeUndefined();
    expect(() => mailerFromEnv({ SMTP_URL: smtp.url, EMAIL_FROM: undefined })).toThrow(ConfigError);
    expect(() => mailerFromEnv({ SMTP_URL: smtp.url, EMAIL_FROM: undefined })).toThrow(/EMAIL_FROM/);
    expect(() => loadEnv({ SMTP_URL: 'mail.example.ac.uk' })).toThrow(/SMTP_URL/);
  });
});
