/** `engage rules` on a demo store: list, preview prints the count and the students, add previews then saves, enable/disable. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

interface DemoJson {
  view: { week: string };
  alerts: { fired: number; waiting: number };
}

describe('engage rules', () => {
  let dir: string;
  let firstDemo: DemoJson;
  const engage = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, {});
    return { code, out };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-rules-cli-'));
    const demo = await engage('demo', '--students', '400', '--weeks', '8', '--seed', '3', '--json');
    expect(demo.code).toBe(0);
    firstDemo = demo.out.parsedJson() as DemoJson;
    // Every term week was evaluated: each notification in the outbox is a firing of the default rule.
    expect(firstDemo.alerts.waiting).toBeGreaterThan(0);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('the demo evaluates the rules after scoring; running its weekly cycle again fires nothing new', async () => {
    const again = await engage('demo', '--students', '400', '--weeks', '8', '--seed', '3', '--json');
    expect(again.code).toBe(0);
    const second = again.out.parsedJson() as DemoJson;
    expect(second.alerts).toEqual({ fired: 0, waiting: firstDemo.alerts.waiting });
    const scored = await engage('score', '--week', second.view.week, '--json');
    expect(scored.code).toBe(0);
    expect((scored.out.parsedJson() as { alerts: number }[]).map((s) => s.alerts)).toEqual([0]);
  });

  it('engage score queues the first steps of a new workflow rule as jobs for the service to run', async () => {
    const file = join(dir, 'reach-out.json');
    const rule = {
      id: 'reach-out',
      name: 'Reach out',
      trigger: { kind: 'below', threshold: 380 },
      actions: [
        {
          kind: 'workflow',
          steps: [{ do: 'notify-tutor' }, { do: 'escalate-to-student-support', delayDays: 7 }],
        },
      ],
    };
    await writeFile(file, JSON.stringify(rule));
    expect((await engage('rules', 'add', '--file', file, '--why', 'workflow from the CLI')).code).toBe(0);
    const holders = (await engage('rules', 'preview', 'reach-out', '--json')).out.parsedJson() as {
      count: number;
      week: string;
    };
    expect(holders.count).toBeGreaterThan(0);
    expect((await engage('score', '--week', holders.week)).code).toBe(0);

    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      const jobs = await store.db
        .collection<{ name: string; data: { ruleId: string; step: number } }>('agendaJobs')
        .find({ name: 'run-workflow-step' })
        .toArray();
      expect(jobs.filter((job) => job.data.ruleId === 'reach-out' && job.data.step === 0)).toHaveLength(
        holders.count,
      );
    } finally {
      await store.close();
    }
    expect((await engage('rules', 'disable', 'reach-out', '--why', 'done')).code).toBe(0);
  });

  it('lists the shipped default rule', async () => {
    const { code, out } = await engage('rules', 'list');
    expect(code).toBe(0);
    expect(out.text()).toMatch(
      /below-300-two-weeks\s+yes\s+0\s+score below 300 for 2 consecutive weeks\s+all students\s+notify-tutor/,
    );
  });

  it('previews the default rule: the count and the students, the same in JSON', async () => {
    const json = await engage('rules', 'preview', 'below-300-two-weeks', '--json');
    const preview = json.out.parsedJson() as {
      count: number;
      students: { student: { id: string }; score: number }[];
    };
    expect(preview.count).toBe(preview.students.length);
    for (const hit of preview.students) expect(hit.score).toBeLessThan(300);
    const { code, out } = await engage('rules', 'preview', 'below-300-two-weeks');
    expect(code).toBe(0);
    expect(out.text()).toContain(`Would fire now for ${preview.count} student`);
    for (const hit of preview.students.slice(0, 50)) expect(out.text()).toContain(hit.student.id);
  });

  it('previews a rule given by flags before anything is saved', async () => {
    const loose = await engage('rules', 'preview', '--trigger', 'below', '--threshold', '450', '--json');
    const strict = await engage(
      'rules',
      'preview',
      '--trigger',
      'below',
      '--threshold',
      '450',
      '--attendance-below',
      '60',
      '--json',
    );
    const count = (r: { out: ReturnType<typeof captureOutput> }) =>
      (r.out.parsedJson() as { count: number }).count;
    expect(count(loose)).toBeGreaterThan(0);
    expect(count(strict)).toBeLessThanOrEqual(count(loose));
    expect((await engage('rules', 'list')).out.text()).not.toMatch(/^preview /m);
  });

  it('adds a rule from a YAML file after printing its preview, and records the change', async () => {
    const file = join(dir, 'welfare.yaml');
    await writeFile(
      file,
      [
        'id: welfare',
        'name: Welfare referral',
        'trigger: { kind: below, threshold: 400 }',
        'conditions: { attendanceBelowPct: 75 }',
        'actions:',
        '  - kind: create-case',
        '',
      ].join('\n'),
    );
    const { code, out } = await engage(
      'rules',
      'add',
      '--file',
      file,
      '--why',
      'agreed at committee',
      '--by',
      'admin-7',
    );
    expect(code).toBe(0);
    expect(out.text()).toMatch(/Would fire now for \d+ student/);
    expect(out.text()).toContain('Saved rule welfare as version 1 (add).');
    expect((await engage('rules', 'list')).out.text()).toMatch(
      /welfare\s+yes\s+1\s+score below 400 AND attendance below 75%/,
    );
    expect((await engage('rules', 'history', 'welfare')).out.text()).toMatch(
      /welfare\s+add\s+1\s+admin-7\s+agreed at committee/,
    );
  });

  it('disables and enables a rule, refusing a change without --why and an invalid rule', async () => {
    expect((await engage('rules', 'disable', 'below-300-two-weeks')).code).toBe(2);
    const off = await engage('rules', 'disable', 'below-300-two-weeks', '--why', 'testing');
    expect(off.out.text()).toContain('Rule below-300-two-weeks disabled (version 1).');
    expect((await engage('rules', 'list')).out.text()).toMatch(/below-300-two-weeks\s+no\s+1/);
    expect((await engage('rules', 'enable', 'below-300-two-weeks', '--why', 'back on')).code).toBe(0);
    const withoutId = await engage('rules', 'add', '--trigger', 'below', '--threshold', '250', '--why', 'x');
    expect(withoutId.code).toBe(2);
    expect(withoutId.out.stderr.join('\n')).toContain('--id <rule-id> is required');
    const bad = await engage(
      'rules',
      'add',
      '--id',
      'bad',
      '--trigger',
      'dropInWeek',
      '--points',
      '0',
      '--why',
      'x',
    );
    expect(bad.code).toBe(2);
    expect(bad.out.stderr.join('\n')).toContain('trigger.points must be greater than 0');
    expect((await engage('rules', 'list')).out.text()).not.toMatch(/^bad /m);
  });
});
