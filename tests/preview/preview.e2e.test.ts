// The local preview end to end: the real service on loopback in local mode, on the demo's data, driven in
// Debian's headless Chromium through playwright-core. A tutor opens the digest, opens a student from it,
// logs a contact through the form and opens a case; the cards say so and the store holds both. A tutor's
// claim on a digest row shows on the card for a second persona in the conversation (screenshots). The
// administrator's feed health shows a held delivery's card, whose Approve a tutor persona cannot use.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { PNG_ZOOM } from '../../adapters/http/charts.ts';
import { startService, type RunningService } from '../../adapters/runtime/service.ts';
import { loadEnv } from '../../src/config/env.ts';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { loggedDelivery } from '../feedHealth/loggedDelivery.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let dataDir: string;
let service: RunningService;
let repos: Repositories;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the preview test drives Debian's Chromium. Install it with ` +
        '"apt-get install -y --no-install-recommends chromium" (.ci/run does this in CI).',
    );
  }
  dataDir = await mkdtemp(join(tmpdir(), 'engage-preview-'));
  const demo = captureOutput();
  const code = await runCli(
    [
      'demo',
      '--students',
      '300',
      '--weeks',
      '8',
      '--seed',
      '11',
      '--no-serve',
      '--json',
      '--data-dir',
      dataDir,
    ],
    demo,
    {},
  );
  expect(code).toBe(0);
  const env = loadEnv({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOCAL_MODE: '1' });
  service = await startService(env, createLogger({ level: 'silent' }));
  repos = repositories(service.store.db);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The preview's personas by role, as the page lists them. */
async function personaIds(page: Page): Promise<Map<string, { id: string; name: string }>> {
  const options = await page
    .locator('#persona option')
    .evaluateAll((all: { value: string; textContent: string | null }[]) =>
      all.map((option) => ({ id: option.value, label: option.textContent ?? '' })),
    );
  return new Map(
    options.map(({ id, label }) => {
      const [name = '', role = ''] = label.split(' — ');
      return [role, { id, name }];
    }),
  );
}

/** The newest card of a kind in the conversation. */
const card = (page: Page, kind: string) => page.locator(`.card[data-kind="${kind}"]`).last();

describe('the local preview in a browser', () => {
  it('a tutor opens the digest and a student, logs a contact and opens a case', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('#persona option').first().textContent()).toMatch(/Personal tutor/);

    await page.locator('#shortcuts button[data-command="digest"]').click();
    const digest = card(page, 'digest');
    await digest.waitFor();
    expect(await digest.textContent()).toMatch(/digest/i);
    // The band chart: a signed link served by the same server, rendered to a PNG the browser can show.
    const chart = digest.locator('img').first();
    await chart.waitFor();
    await expect
      .poll(() =>
        chart.evaluate(
          (image: { complete: boolean; naturalWidth: number }) => image.complete && image.naturalWidth > 0,
        ),
      )
      .toBe(true);

    // A student listed in the digest who has no active case yet.
    const listed = [...new Set((await digest.textContent())?.match(/S\d{7}/g) ?? [])];
    expect(listed.length).toBeGreaterThan(0);
    let studentId: string | undefined;
    for (const id of listed) {
      if (!(await repos.cases.activeCaseFor(id))) {
        studentId = id;
        break;
      }
    }
    if (!studentId) throw new Error('every student in the digest already has a case');
    const student = await repos.institution.findStudent(studentId);

    await digest.getByText(studentId, { exact: true }).first().click();
    const studentCard = card(page, 'student');
    await studentCard.waitFor();
    expect(await studentCard.textContent()).toContain(student!.name);

    await studentCard.getByRole('button', { name: 'Log contact' }).click();
    const contactForm = card(page, 'form');
    await contactForm.waitFor();
    await contactForm.getByLabel('How').selectOption('call');
    await contactForm.getByLabel(/Note/).fill('Phoned about missed labs; will attend Tuesday.');
    await contactForm.getByRole('button', { name: 'Log contact' }).click();
    await page.getByText(/Contact logged by /).waitFor();

    const afterContact = card(page, 'student');
    await afterContact.getByRole('button', { name: 'Open case' }).click();
    const caseForm = card(page, 'form');
    await caseForm.waitFor();
    await caseForm.getByLabel('Reason').fill('Attendance and VLE activity falling for a month.');
    await caseForm.getByRole('button', { name: 'Open case' }).click();
    await page.getByText(/Case opened by /).waitFor();

    const contacts = await repos.contacts.contactsFor(studentId);
    expect(contacts[0]).toMatchObject({
      channel: 'call',
      note: 'Phoned about missed labs; will attend Tuesday.',
    });
    expect(await repos.cases.activeCaseFor(studentId)).toMatchObject({
      reason: 'Attendance and VLE activity falling for a month.',
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a personal tutor can snooze a student, as in their linked channel, and the digest says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('#persona-detail').textContent()).toMatch(/snooze works here/);
    await page.locator('#shortcuts button[data-command="digest"]').click();
    const digest = card(page, 'digest');
    await digest.waitFor();
    const studentId = (await digest.textContent())?.match(/S\d{7}/)?.[0];
    if (!studentId) throw new Error('the tutor’s digest lists nobody');
    await digest.getByText(studentId, { exact: true }).first().click();
    const studentCard = card(page, 'student');
    await studentCard.waitFor();
    await studentCard.getByRole('button', { name: 'Snooze for a week' }).click();
    await page
      .getByText(/Snoozed in this channel's digest until \d{4}-\d{2}-\d{2} by /)
      .first()
      .waitFor();
    await page.locator('#shortcuts button[data-command="digest"]').click();
    await expect.poll(() => page.locator('.card[data-kind="digest"]').count()).toBe(2);
    const after = await card(page, 'digest').textContent();
    expect(after).toContain('1 snoozed');
    expect(after).not.toContain(studentId);
    await page.close();
  });

  it('a claim from a digest row updates the card for a second persona in the conversation, who cannot take or release it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    const personas = await personaIds(page);
    const tutor = personas.get('Personal tutor')!;
    const caseworker = personas.get('Student-support caseworker')!;
    await page.locator('#shortcuts button[data-command="digest"]').click();
    const digest = card(page, 'digest');
    await digest.waitFor();

    // A listed student nobody has claimed, with an active case so the caseworker may see them too.
    const listed = [...new Set((await digest.textContent())?.match(/S\d{7}/g) ?? [])];
    let studentId: string | undefined;
    for (const id of listed) {
      if (!(await repos.claims.activeFor(id, new Date()))) {
        studentId = id;
        break;
      }
    }
    if (!studentId) throw new Error('every student in the digest is already claimed');
    if (!(await repos.cases.activeCaseFor(studentId))) {
      await repos.cases.openCase({
        studentId,
        ownerId: tutor.id,
        reason: 'Attendance falling for a month.',
        openedAt: new Date(),
      });
    }
    // The name cell of the student's row (the last of their rows when they are on more than one list).
    const rowCell = () =>
      digest
        .locator('.ac-container', { has: page.getByText(studentId, { exact: true }) })
        .filter({ has: page.getByRole('button') })
        .last();
    const before = await digest.screenshot({ path: join(dataDir, 'digest-before-claim.png') });

    await rowCell().getByRole('button', { name: "I'll contact" }).click();
    // The student may be on more than one of the digest's lists: each of their rows says so.
    const claimLine = digest.getByText(new RegExp(`^${tutor.name} is contacting · \\d\\d:\\d\\d$`)).first();
    await claimLine.waitFor();

    // The second persona's view of the same conversation: the card now says who is contacting.
    await page.locator('#persona').selectOption(caseworker.id);
    const after = await digest.screenshot({ path: join(dataDir, 'digest-after-claim.png') });
    expect(after.length).toBeGreaterThan(0);
    expect(after.equals(before)).toBe(false);
    expect(await claimLine.isVisible()).toBe(true);
    expect(await rowCell().getByRole('button', { name: 'Release' }).isVisible()).toBe(true);

    await rowCell().getByRole('button', { name: 'Release' }).click();
    const refusal = card(page, 'notice');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`${tutor.name} is already contacting`);
    expect(await refusal.textContent()).toContain('Only they can release it');

    await page.locator('#command').fill(`student ${studentId}`);
    await page.locator('#command').press('Enter');
    const theirCard = card(page, 'student');
    await theirCard.waitFor();
    const onTheirCard = theirCard.getByText(new RegExp(`^${tutor.name} is contacting`));
    expect(await onTheirCard.isVisible()).toBe(true);
    await theirCard.screenshot({ path: join(dataDir, 'student-card-second-persona.png') });
    expect((await repos.claims.activeFor(studentId, new Date()))?.claimantId).toBe(tutor.id);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a tutor gives a student a known reason from the digest: the card is marked and the next digest leaves them out', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('#shortcuts button[data-command="digest"]').click();
    const digest = card(page, 'digest');
    await digest.waitFor();
    const knownReason = digest.getByRole('button', { name: 'Known reason' }).first();
    // The row the button sits in names the student.
    const studentId = (
      await knownReason.locator('xpath=ancestor::*[contains(@class,"ac-container")][1]').textContent()
    )?.match(/S\d{7}/)?.[0];
    if (!studentId) throw new Error('no student id beside the first Known reason button');
    await knownReason.click();
    const form = card(page, 'form');
    await form.waitFor();
    await form.getByRole('combobox', { name: /^Reason/ }).selectOption('bereavement');
    await form.getByLabel(/Short note/).fill('Funeral abroad; back after the break.');
    const lastDay = await form.getByLabel(/Last day/).inputValue();
    expect(lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await form.getByRole('button', { name: 'Set known reason' }).click();
    await page.getByText(/Known reason set by /).waitFor();
    expect(await card(page, 'student').textContent()).toContain(
      `Exempt until ${lastDay} (bereavement): Funeral abroad; back after the break.`,
    );
    expect(await repos.exemptions.currentFor(studentId, new Date().toISOString().slice(0, 10))).toMatchObject(
      {
        category: 'bereavement',
        until: lastDay,
      },
    );

    const digests = await page.locator('.card[data-kind="digest"]').count();
    await page.locator('#shortcuts button[data-command="digest"]').click();
    await expect.poll(() => page.locator('.card[data-kind="digest"]').count()).toBe(digests + 1);
    const after = await card(page, 'digest').textContent();
    expect(after).toContain('1 with a known reason');
    expect(after).not.toContain(studentId);
    await page.close();
  });

  it("the administrator's feed health shows a held delivery's card: a tutor cannot approve it, the administrator discards it", async () => {
    // A delivery the volume guard held, for the week after the latest scored one (no digest reads it).
    const nextWeek = addWeeks((await repos.scores.scoredWeeks()).at(-1)!, 1);
    const receivedAt = new Date();
    await repos.deliveries.save(
      loggedDelivery(
        { sourceId: 'moodle', id: 'held-e2e', week: nextWeek, receivedAt, rows: 12, students: 12 },
        {
          name: 'logins-truncated.csv',
          status: 'held',
          reason: '12 rows is ten or more times fewer than the usual 300',
          appliedAt: null,
        },
      ),
    );
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    const personas = await personaIds(page);
    const admin = personas.get('Administrator')!;
    const tutor = personas.get('Personal tutor')!;

    await page.locator('#persona').selectOption(admin.id);
    expect(await page.locator('#persona-detail').textContent()).toMatch(/admins' channel/);
    await page.locator('#feed-health').click();
    const held = page.locator('.card[data-kind="notice"]', { hasText: 'delivery held for approval' });
    await held.waitFor();
    expect(await held.textContent()).toContain(
      'logins-truncated.csv (12 rows) is held by the volume guard: 12 rows is ten or more times fewer than the usual 300',
    );
    expect(await held.textContent()).toContain('What to do: Approve the delivery if its size is right');

    await page.locator('#persona').selectOption(tutor.id);
    await held.getByRole('button', { name: 'Approve' }).click();
    const refusal = page.locator('.card[data-kind="notice"]', { hasText: 'Not available to you' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('for administrators');
    expect((await repos.deliveries.find('moodle', 'held-e2e'))?.status).toBe('held');

    await page.locator('#persona').selectOption(admin.id);
    await held.getByRole('button', { name: 'Discard' }).click();
    await page.getByText(`discarded by ${admin.name}`, { exact: false }).waitFor();
    expect(await page.locator('.card', { hasText: 'delivery held for approval' }).count()).toBe(0);
    expect((await repos.deliveries.find('moodle', 'held-e2e'))?.status).toBe('discarded');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a manager asking for the digest gets aggregates, no names', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    const manager = page.locator('#persona option', { hasText: 'Manager' });
    await page.locator('#persona').selectOption((await manager.getAttribute('value'))!);
    await page.locator('#command').fill('digest');
    await page.locator('#command').press('Enter');
    const summary = card(page, 'governance');
    await summary.waitFor();
    expect(await summary.textContent()).not.toMatch(/S\d{7}/);
    await page.close();
  });
});

/**
 * The least a chart may be shrunk in a card: its 12–13 px labels then still draw at 10 px or more (a chart
 * designed wider than the card was drawn at under three quarters of its size, its text unreadable).
 */
const MIN_CHART_SCALE = 0.8;

/** Teams desktop (the preview's full column) and Teams mobile or a side panel. */
const WIDTHS = [1280, 420];

/** What the checks read of an element and of a picture in the page. */
interface Box {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
}
interface Picture {
  complete: boolean;
  clientWidth: number;
  naturalWidth: number;
}

/**
 * Text cut short in a rendered card: a text block or fact whose content is wider than its box (the
 * renderer ellipsises a non-wrapping text block), with what it says, for the failure message.
 */
async function truncatedTexts(page: Page, kind: string): Promise<string[]> {
  return card(page, kind).evaluate((holder: { querySelectorAll(selector: string): Iterable<Box> }) => {
    const cut: string[] = [];
    for (const element of holder.querySelectorAll('.ac-textBlock, .ac-factset td, .ac-textRun')) {
      if (element.scrollWidth > element.clientWidth + 1) cut.push(element.textContent ?? '');
    }
    return cut;
  });
}

/** The smallest rendered scale of the card's charts: 1 = drawn at the size the chart was designed for. */
async function chartScales(page: Page, kind: string): Promise<number[]> {
  const images = card(page, kind).locator('img');
  await expect
    .poll(() => images.evaluateAll((all: Picture[]) => all.every((img) => img.complete)))
    .toBe(true);
  return images.evaluateAll(
    (all: Picture[], zoom) => all.map((img) => img.clientWidth / (img.naturalWidth / zoom)),
    PNG_ZOOM,
  );
}

describe.each(WIDTHS)('every card reads at %i px wide', (width) => {
  it('digest, lists, bands and the student card show every key cell whole, and charts at a readable size', async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    const ask = async (command: string, kind: string) => {
      await page.locator('#command').fill(command);
      await page.locator('#command').press('Enter');
      await card(page, kind).waitFor();
    };

    await ask('digest', 'digest');
    const digest = card(page, 'digest');
    expect(await digest.textContent()).toMatch(/[▼▲▶] [−+]?\d+/);
    expect(await truncatedTexts(page, 'digest')).toEqual([]);
    for (const scale of await chartScales(page, 'digest')) expect(scale).toBeGreaterThan(MIN_CHART_SCALE);

    await ask('declining', 'student-list');
    expect(await truncatedTexts(page, 'student-list')).toEqual([]);

    await ask('bands', 'bands');
    expect(await truncatedTexts(page, 'bands')).toEqual([]);
    await card(page, 'bands').getByRole('button').first().click();
    await expect.poll(() => page.locator('.card[data-kind="student-list"]').count()).toBe(2);
    expect(await truncatedTexts(page, 'student-list')).toEqual([]);

    const studentId = (await digest.textContent())?.match(/S\d{7}/)?.[0];
    await ask(`student ${studentId}`, 'student');
    expect(await truncatedTexts(page, 'student')).toEqual([]);
    for (const scale of await chartScales(page, 'student')) expect(scale).toBeGreaterThan(MIN_CHART_SCALE);
    await page.close();
  });

  it("a director of studies' programme digest, grouped by personal tutor, shows every key cell whole", async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${service.url}/preview`);
    await page.locator('body[data-ready="true"]').waitFor();
    const director = page.locator('#persona option', { hasText: 'Director of studies' });
    await page.locator('#persona').selectOption((await director.getAttribute('value'))!);
    await page.locator('#command').fill('digest');
    await page.locator('#command').press('Enter');
    const digest = card(page, 'digest');
    await digest.waitFor();
    const text = await digest.textContent();
    expect(text).toContain('By personal tutor');
    expect(text).toMatch(/: \d+ needs? action · \d+ listed/);
    expect(text).toMatch(/Tutor: /);
    expect(await truncatedTexts(page, 'digest')).toEqual([]);
    await page.close();
  });
});
