import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { IngestOutcome } from '../../src/ingest/ingestDelivery.ts';
import type { SourceStatus } from '../../src/ingest/sourceAdmin.ts';
import { activityCsv, cliOn, openIngestStore, type IngestStore } from './ingestStore.ts';

describe('engage ingest, sources and quarantine', () => {
  let ctx: IngestStore;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    await ctx.release();
  });
  afterEach(async () => ctx.close());

  const { run, file } = cliOn(() => ctx);

  it('ingests a file by hand, reports its counts, and recognises a re-delivery', async () => {
    const path = await file(
      'moodle.csv',
      activityCsv([
        ['S1', '2026-10-05', 2],
        ['S2', '2026-10-13', 1],
        ['S404', '2026-10-13', 1],
      ]),
    );
    const first = await run('ingest', 'vle', path);
    expect(first.code).toBe(0);
    expect(first.out.text()).toContain(
      'applied: 3 rows, 2 good, 1 quarantined, 2 students, 2 weeks (2026-W41 to 2026-W42)',
    );
    expect(first.out.text()).toContain('engage quarantine list --source vle');

    const again = await run('ingest', 'vle', path, '--json');
    expect(again.code).toBe(0);
    expect((again.out.parsedJson() as IngestOutcome).status).toBe('duplicate');
  });

  it('exits 1 for a rejected delivery, and 2 for an unknown source or a usage mistake', async () => {
    const path = await file('wrong.csv', 'student,when\nS1,2026-10-05\n');
    const rejected = await run('ingest', 'vle', path);
    expect(rejected.code).toBe(1);
    expect(rejected.out.text()).toContain('REJECTED: no column "UserID", "When"');

    const unknown = await run('ingest', 'nosuch', path);
    expect(unknown.code).toBe(2);
    expect(unknown.out.stderr.join('\n')).toContain('unknown source "nosuch"');

    const usage = await run('ingest', 'vle');
    expect(usage.code).toBe(2);
    expect(usage.out.stderr.join('\n')).toContain('usage: engage ingest');
  });

  it('lists, shows and retries quarantined rows', async () => {
    await run(
      'ingest',
      'vle',
      await file('m.csv', activityCsv([['S1', '2026-10-05', 1]]) + '\nS2,2026-10-05,many'),
    );
    const list = await run('quarantine', 'list', '--json');
    const { total, entries } = list.out.parsedJson() as {
      total: number;
      entries: { id: string; line: number }[];
    };
    expect(total).toBe(1);
    expect(entries[0]?.line).toBe(3);
    const id = entries[0]?.id as string;

    const show = await run('quarantine', 'show', id);
    expect(show.out.text()).toContain('m.csv line 3, field Events: Events is not a whole number');
    expect(show.out.text()).toContain('Events = many');

    const retry = await run('quarantine', 'retry', id);
    expect(retry.code).toBe(1);
    expect(retry.out.text()).toContain('still quarantined');
    expect((await run('quarantine', 'show', 'vle:nope:1')).code).toBe(1);
  });

  it("prints no terminal control sequence from a file's cells or headers", async () => {
    const clear = '\u001b[2J\u001b]0;pwned\u0007';
    const badHeader = await run(
      'ingest',
      'vle',
      await file('h.csv', `UserID,When,Events${clear}\nS1,2026-10-05,1\n`),
    );
    expect(badHeader.out.text()).toContain('columns found: UserID, When, Events\\x1b[2J\\x1b]0;pwned\\x07');
    const text = `UserID,When,Events\nS1,2026-10-05,1\nS2${clear},2026-10-05,many\u009b31m\n`;
    const ingest = await run('ingest', 'vle', await file(`evil${clear}.csv`, text));
    const list = await run('quarantine', 'list', '--json');
    const { entries } = list.out.parsedJson() as { entries: { id: string }[] };
    const show = await run('quarantine', 'show', entries[0]?.id as string);
    expect(show.out.text()).toContain('UserID = S2\\x1b[2J\\x1b]0;pwned\\x07');
    const printed = [badHeader, ingest, show]
      .flatMap((result) => [...result.out.stdout, ...result.out.stderr])
      .join('\n');
    // eslint-disable-next-line no-control-regex -- no control character may be printed
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);

    // The real process's --json: the same data, every control character escaped.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'adapters/cli/engage.js',
        'quarantine',
        'show',
        entries[0]?.id as string,
        '--json',
        '--data-dir',
        ctx.dataDir,
      ],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), env: { PATH: process.env.PATH } },
    );
    // eslint-disable-next-line no-control-regex -- no control character may be printed
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.stringify(JSON.parse(stdout))).toContain('many\u009b31m');
  });

  it('keeps --json output valid JSON after a crash: the stale-lock warning goes to stderr', async () => {
    // What a process killed with the store open leaves: a LOCK naming a pid that is gone.
    await writeFile(join(ctx.dataDir, 'LOCK'), '2147483646\n');
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['adapters/cli/engage.js', 'quarantine', 'list', '--json', '--data-dir', ctx.dataDir],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), env: { PATH: process.env.PATH } },
    );
    expect(JSON.parse(stdout)).toEqual({ total: 0, entries: [] });
    expect(stderr).toContain('taking over a stale store lock');
  });

  it('shows sources with quality and freshness, enables one with its privacy notice, and approves a held delivery', async () => {
    const rows = (n: number, day: string) =>
      activityCsv(Array.from({ length: n }, (_, i) => [`S${(i % 3) + 1}`, day, 1] as const));
    for (const day of ['2026-09-14', '2026-09-21', '2026-09-28']) {
      expect((await run('ingest', 'vle', await file(`${day}.csv`, rows(30, day)))).code).toBe(0);
    }
    const held = await run('ingest', 'vle', await file('tiny.csv', rows(2, '2026-10-05')), '--json');
    const outcome = held.out.parsedJson() as IngestOutcome;
    expect(outcome.status).toBe('held');

    const listed = await run('sources', '--json');
    const vle = (listed.out.parsedJson() as SourceStatus[]).find((source) => source.id === 'vle');
    expect(vle?.held.map((h) => h.id)).toEqual([outcome.deliveryId]);
    expect(vle?.quality[0]).toMatchObject({ week: '2026-W40', validity: 1, population: 1 });
    expect(vle?.freshness).toBe('Fresh');
    const table = await run('sources');
    expect(table.out.text()).toMatch(/^vle\s+vle\s+off\s+no\s+2026-W40\s+\d+%/m);
    expect(table.out.text()).toContain(`engage sources approve ${outcome.deliveryId.slice(0, 12)}`);

    const approve = await run('sources', 'approve', outcome.deliveryId.slice(0, 12));
    expect(approve.code).toBe(0);
    expect(approve.out.text()).toContain('approved and applied');
    expect((await run('sources', 'approve', outcome.deliveryId.slice(0, 12))).code).toBe(1);

    const refused = await run('sources', 'enable', 'vle');
    expect(refused.code).toBe(1);
    expect(refused.out.stderr.join('\n')).toContain('--privacy-notice');
    // The approved delivery arrived weeks after its week ended: quality is flagged, so enabling is deliberate.
    const flagged = await run('sources', 'enable', 'vle', '--privacy-notice');
    expect(flagged.code).toBe(1);
    expect(flagged.out.stderr.join('\n')).toContain('--accept-low-quality');
    const enabled = await run('sources', 'enable', 'vle', '--privacy-notice', '--accept-low-quality');
    expect(enabled.code).toBe(0);
    expect(enabled.out.text()).toMatch(/vle enabled: scores from \d{4}-W\d{2} on use it/);
  });

  it("records a source's technical owner, shows it, and names what is wrong with a bad contact", async () => {
    const none = await run('sources', 'owner', 'vle');
    expect(none.code).toBe(0);
    expect(none.out.text()).toMatch(/^vle has no technical owner yet \(.*engage sources owner vle --name/);

    const set = await run('sources', 'owner', 'vle', '--name', 'Sam Lee', '--email', 'sam.lee@example.ac.uk');
    expect(set.code).toBe(0);
    expect(set.out.text()).toBe(
      'vle: technical owner Sam Lee (sam.lee@example.ac.uk, mailto:sam.lee@example.ac.uk)',
    );
    const listed = await run('sources', '--json');
    const vle = (listed.out.parsedJson() as SourceStatus[]).find((source) => source.id === 'vle');
    expect(vle?.owner).toEqual({ name: 'Sam Lee', email: 'sam.lee@example.ac.uk', chatHandle: null });
    expect((await run('sources')).out.text()).toContain('vle: technical owner Sam Lee');

    const bad = await run('sources', 'owner', 'vle', '--name', 'Sam Lee', '--email', 'not-an-address');
    expect(bad.code).toBe(2);
    expect(bad.out.stderr.join('\n')).toMatch(/email/);
    const noContact = await run('sources', 'owner', 'vle', '--name', 'Sam Lee');
    expect(noContact.code).toBe(2);
    expect(noContact.out.stderr.join('\n')).toContain('give an email address or a chat handle');
    const handle = await run(
      'sources',
      'owner',
      'vle',
      '--name',
      'Ana Ruiz',
      '--handle',
      '@ana.ruiz',
      '--json',
    );
    expect(handle.out.parsedJson()).toEqual({
      sourceId: 'vle',
      owner: { name: 'Ana Ruiz', email: null, chatHandle: '@ana.ruiz' },
    });
  });

  it('configures sources from a YAML file and names what is wrong in a bad one', async () => {
    const good = await file(
      'sources.yaml',
      [
        'sources:',
        '  - id: gym',
        '    name: Gym gates',
        '    kind: gym',
        '    feed: { format: swipes }',
      ].join('\n'),
    );
    expect((await run('sources', 'configure', good)).code).toBe(0);
    const bad = await file(
      'bad.yaml',
      [
        'sources:',
        '  - id: gym',
        '    name: Gym',
        '    kind: gym',
        '    feed: { format: swipes, columns: { room: Door } }',
      ].join('\n'),
    );
    const result = await run('sources', 'configure', bad);
    expect(result.code).toBe(2);
    expect(result.out.stderr.join('\n')).toContain('columns.room: a swipes feed has no field "room"');
  });

  it('reads a delivery from standard input with -', async () => {
    const csv = activityCsv([['S3', '2026-10-06T08:30:00Z', 5]]);
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['adapters/cli/engage.js', 'ingest', 'vle', '-', '--json', '--data-dir', ctx.dataDir],
        // The embedded store in the data directory, whatever MONGODB_URI the test run has.
        { env: { PATH: process.env.PATH } },
        (_error, out) => resolve({ stdout: out, code: child.exitCode }),
      );
      child.stdin?.end(csv);
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'applied',
      name: 'stdin',
      good: 1,
      weeks: ['2026-W41'],
    });
  });
});
