import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView } from '../../src/chat/views/viewModel.ts';
import type { Staff } from '../../src/domain/model.ts';
import { DEFAULT_RULE } from '../../src/rules/defaults.ts';
import { addRule } from '../../src/rules/admin.ts';
import { evaluateRule } from '../../src/rules/evaluate.ts';
import { parseRule } from '../../src/rules/schema.ts';
import { setSourceOwner } from '../../src/ingest/sourceOwner.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('administrators’ source and rule reports in chat', () => {
  let world: ChatWorld;
  let admin: Staff;
  let tutor: Staff;

  beforeAll(async () => {
    world = await openChatWorld();
    admin = staffWithRole(world, 'admin');
    tutor = staffWithRole(world, 'tutor');
  }, 60_000);
  afterAll(async () => world.close());

  const ask = async (staff: Staff, text: string) =>
    (await world.app.command(contextFor(staff), text)).view as NoticeView;

  it('refuses sources and rules to anyone but an administrator', async () => {
    for (const text of ['sources', 'rules', `rules preview ${DEFAULT_RULE.id}`]) {
      expect(await ask(tutor, text)).toMatchObject({ kind: 'notice', tone: 'denied' });
    }
  });

  it('lists every source with its freshness', async () => {
    const report = await ask(admin, 'sources');
    expect(report.title).toMatch(/^Data sources/);
    const sources = await world.seeded.repos.sources.listSources();
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(report.text).toContain(source.name);
    expect(report.text).toMatch(/Fresh|Stale \(>48hrs\)|No deliveries/);
  });

  it("names each source's technical owner, and the owner's contact behind a card's Contact button", async () => {
    expect((await ask(admin, 'sources')).text).toContain('no technical owner set');
    await setSourceOwner(world.seeded.repos, 'moodle', { name: 'Sam Lee', chatHandle: '@sam.lee' });
    expect((await ask(admin, 'sources')).text).toMatch(/Moodle VLE logins .*; owner Sam Lee \(@sam\.lee\)/);
    const contact = async (staff: Staff) =>
      (await world.app.action(contextFor(staff), { op: 'contactSourceOwner', sourceId: 'moodle' })).view;
    expect(await contact(admin)).toMatchObject({
      title: 'Contact Sam Lee',
      text: "Moodle VLE logins's technical owner: Sam Lee (@sam.lee).",
    });
    expect(await contact(tutor)).toMatchObject({ tone: 'denied' });
  });

  it('lists the rules in words and previews one as counts by group, never names', async () => {
    const list = await ask(admin, 'rules');
    expect(list.text).toContain(`${DEFAULT_RULE.id} (enabled)`);

    const wider = parseRule({
      ...DEFAULT_RULE,
      id: 'below-450-two-weeks',
      trigger: { kind: 'belowForWeeks', threshold: 450, weeks: 2 },
    });
    await addRule(world.seeded.repos, wider, { at: new Date(), by: admin.id, why: 'test' });
    const preview = await ask(admin, `rules preview ${wider.id}`);
    const fired = Number(/Would fire now for (\d+) student/.exec(preview.text)?.[1]);
    const weeks = await world.seeded.repos.scores.scoredWeeks();
    const week = weeks.at(-1) as string;
    const histories = await world.seeded.repos.scores.historiesBetween(weeks[0] as string, week);
    const context = { lastContactAt: null, openCase: false, asOf: new Date() };
    const expected = world.students.filter((student) => {
      const history = histories.get(student.id) ?? [];
      return history.at(-1)?.week === week && evaluateRule(wider, student, history, context).holds;
    }).length;
    expect(expected).toBeGreaterThan(0);
    expect(fired).toBe(expected);
    for (const student of world.students) expect(preview.text).not.toContain(student.name);

    expect(await ask(admin, 'rules preview no-such-rule')).toMatchObject({ tone: 'error' });
  });
});
