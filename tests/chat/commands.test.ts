import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/chat/commands.ts';
import { contextFor, openChatWorld, PUBLIC_BASE_URL, staffWithRole, type ChatWorld } from './support.ts';

describe('parsing typed commands', () => {
  it('reads commands whatever the case, a leading bot mention or extra spaces', () => {
    expect(parseCommand('<at>Engage</at>  Student   Ana  Silva ')).toEqual({
      kind: 'student',
      query: 'Ana Silva',
    });
    expect(parseCommand('<@U0123> DIGEST')).toEqual({ kind: 'digest' });
    expect(parseCommand('/engage bands')).toEqual({ kind: 'bands' });
    expect(parseCommand('link computer-science/2')).toEqual({ kind: 'link', target: 'computer-science/2' });
    expect(parseCommand('Digest Rows 12')).toEqual({ kind: 'digest-rows', rows: '12' });
    expect(parseCommand('digest rows')).toEqual({ kind: 'digest-rows', rows: '' });
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('student')).toEqual({ kind: 'unknown', text: 'student' });
    expect(parseCommand('please do something')).toMatchObject({ kind: 'unknown' });
  });
});

describe('chat commands on the seeded institution', () => {
  let world: ChatWorld;
  beforeAll(async () => {
    world = await openChatWorld();
  }, 60_000);
  afterAll(async () => world.close());

  it('help lists the commands, and the admin commands only to administrators', async () => {
    const tutor = staffWithRole(world, 'tutor');
    const admin = staffWithRole(world, 'admin');
    const forTutor = await world.app.command(contextFor(tutor), 'help');
    const forAdmin = await world.app.command(contextFor(admin), '@Engage help');
    expect(forTutor.view).toMatchObject({ kind: 'help', adminCommands: [] });
    if (forTutor.view.kind !== 'help' || forAdmin.view.kind !== 'help') throw new Error('expected help');
    expect(forTutor.view.commands.map((c) => c.usage.split(' ')[0])).toEqual(
      expect.arrayContaining(['student', 'digest', 'declining', 'priority', 'bands', 'help']),
    );
    expect(forAdmin.view.adminCommands.map((c) => c.usage.split(' ')[0])).toEqual([
      'link',
      'unlink',
      'channels',
      'digest',
      'sources',
      'rules',
      'rules',
      'student-view',
    ]);
  });

  it('a tutor looks up their own tutee by id and by name and gets the student card', async () => {
    const tutor = staffWithRole(world, 'tutor');
    const tutee = world.students.find((s) => s.tutorId === tutor.id && s.status === 'active')!;
    const byId = await world.app.command(contextFor(tutor), `student ${tutee.id}`);
    expect(byId.mode).toBe('reply');
    expect(byId.view).toMatchObject({ kind: 'student', student: { id: tutee.id, name: tutee.name } });
    if (byId.view.kind !== 'student') throw new Error('expected the student card');
    expect(byId.view.score).not.toBeNull();
    expect(byId.view.explanation.length).toBeGreaterThan(0);
    const chartUrl = byId.view.chart!.url;
    expect(chartUrl).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/charts/[\\w-]+\\.png\\?exp=\\d+&sig=`));
    expect(chartUrl).not.toContain(tutee.id);
    const byName = await world.app.command(contextFor(tutor), `STUDENT ${tutee.name.toLowerCase()}`);
    expect(byName.view).toMatchObject({ kind: 'student', student: { id: tutee.id } });
  });

  it('an unknown chat user gets a plain notice', async () => {
    const response = await world.app.command(
      contextFor({ id: 'nobody', email: 'stranger@elsewhere.example' }),
      'student S0001',
    );
    expect(response.view).toMatchObject({ kind: 'notice', tone: 'denied', title: 'Not recognised' });
  });
});
