// Audit-only attributes on real data: importing OULAD stores gender, disability, age band and deprivation
// band apart from the student record; the fairness table of engage model report groups by them; and they
// never reach the model's features or a tutor's student card. An ESLint rule keeps models, features and
// views from importing them at all.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { createChartLinker } from '../../adapters/http/charts.ts';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { createChatApp } from '../../src/chat/app.ts';
import type { ModelReport } from '../../src/prediction/modelReport.ts';
import type { StoredRiskModel } from '../../src/repositories/riskModels.ts';
import { auditAttributeRepository } from '../../src/repositories/auditAttributes.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { contextFor } from '../chat/support.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OULAD_AAA = join(REPO_ROOT, '..', 'shared', 'data', 'oulad-aaa');
const AUDIT = ['gender', 'disability', 'age_band', 'imd_band'];
/** Any mention of an audit attribute, by its name or in words. */
const MENTION = /gender|disab|age.band|imd|depriv/i;

async function run(dataDir: string, ...args: string[]) {
  const out = captureOutput();
  const code = await runCli([...args, '--data-dir', dataDir], out, {});
  return { code, out };
}

describe('audit-only attributes on OULAD AAA', () => {
  let dataDir: string;
  let info: Map<string, Record<string, string>>;

  async function inStore<T>(
    use: (repos: Repositories, db: Parameters<typeof auditAttributeRepository>[0]) => Promise<T>,
  ) {
    const store = await openEmbeddedStore({ dataDir });
    try {
      return await use(repositories(store.db), store.db);
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-audit-'));
    expect((await run(dataDir, 'import', 'oulad', OULAD_AAA)).code).toBe(0);
    expect((await run(dataDir, 'model', 'train')).code).toBe(0);
    // studentInfo read by hand (OULAD quotes nothing): the Engage id of each registration → its columns.
    const [header, ...lines] = gunzipSync(await readFile(join(OULAD_AAA, 'studentInfo.csv.gz')))
      .toString('utf8')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => line.split(','));
    info = new Map(
      lines.map((cells) => {
        const row = Object.fromEntries((header as string[]).map((column, i) => [column, cells[i] as string]));
        return [`OU-${row.id_student}-${row.code_module}-${row.code_presentation}`, row];
      }),
    );
  }, 180_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('stores every registration’s gender, disability, age band and deprivation band, apart from the student record', async () => {
    await inStore(async (repos, db) => {
      const attributes = auditAttributeRepository(db);
      const term = await attributes.forTerm('OULAD 2014J');
      const [id, values] = [...term][0] as [string, Map<string, string>];
      const row = info.get(id) as Record<string, string>;
      expect(Object.fromEntries(values)).toMatchObject({
        gender: row.gender,
        disability: row.disability,
        age_band: row.age_band,
      });
      expect(term.size + (await attributes.forTerm('OULAD 2013J')).size).toBe(info.size);
      // One spelling per deprivation band: OULAD's "10-20" is stored as "10-20%".
      const bands = new Set([...term.values()].map((v) => v.get('imd_band')).filter(Boolean));
      expect([...bands].every((band) => /^\d+-\d+%$/.test(band as string))).toBe(true);
      const student = await repos.institution.findStudent(id);
      expect(JSON.stringify(student)).not.toMatch(MENTION);
    });
  });

  it('the trained model has none of them among its features', async () => {
    const shown = await run(dataDir, 'model', 'show', 'v1', '--json');
    const model = shown.out.parsedJson() as StoredRiskModel;
    expect(model.document.featureNames.length).toBeGreaterThan(5);
    expect(model.document.featureNames.filter((name) => MENTION.test(name))).toEqual([]);
  });

  it('a tutor’s student card shows none of them, in Teams or in Slack', async () => {
    await inStore(async (repos) => {
      const student = (await repos.institution.listStudents()).find(
        (s) => s.cohort === '2014J' && info.get(s.id)?.imd_band?.includes('%'),
      );
      const tutor = await repos.staff.byId(student?.tutorId as string);
      const row = info.get(student?.id as string) as Record<string, string>;
      const charts = createChartLinker({
        charts: repos.chartImages,
        publicBaseUrl: 'https://engage.test',
        signingKey: randomBytes(32),
      });
      const app = createChatApp({ repos, charts });
      const { view } = await app.command(contextFor(tutor!), `student ${student?.id}`);
      expect(view.kind).toBe('student');
      for (const rendered of [view, renderAdaptiveCard(view), renderBlocks(view)]) {
        const text = JSON.stringify(rendered);
        expect(text).not.toMatch(MENTION);
        expect(text).not.toContain(row.imd_band);
        expect(text).not.toContain(row.age_band);
      }
    });
  });

  it('engage model report groups At Risk by them, small groups not shown, with how to read it', async () => {
    const json = await run(dataDir, 'model', 'report', '--json');
    const report = json.out.parsedJson() as ModelReport;
    const week8 = report.fairness.find((table) => table.termWeek === 8);
    expect(week8?.groupings.filter((g) => g.kind === 'audit').map((g) => g.name)).toEqual([...AUDIT].sort());
    const weekRow = report.weeks.find((w) => w.termWeek === 8);
    expect(week8?.overall).toMatchObject({ students: weekRow?.count, flagged: weekRow?.flagged });
    const text = (await run(dataDir, 'model', 'report')).out.stdout.join('\n');
    expect(text).toMatch(/Fairness at term week 8/);
    expect(text).toMatch(/^Useful from (term week \d+|: no reported week)/m);
    expect(text).toMatch(/gender \(audit-only\)/);
    expect(text).toMatch(/too few to show/);
    expect(text).toMatch(/A gap in recall means the model misses more at-risk students in that group/);
  }, 120_000);
});

describe('the lint rule on audit-only attributes', () => {
  const importing =
    "import { auditAttributeRepository } from '../repositories/auditAttributes.ts';\nexport const use = auditAttributeRepository;\n";
  const lint = async (filePath: string) => {
    const [result] = await new ESLint({ cwd: REPO_ROOT }).lintText(importing, {
      filePath: join(REPO_ROOT, filePath),
    });
    return result?.messages.map((m) => m.ruleId) ?? [];
  };

  it('refuses the import in features, the dataset, predictions and chat views, and allows the importers', async () => {
    for (const file of [
      'src/prediction/features.ts',
      'src/prediction/dataset.ts',
      'src/prediction/predictWeek.ts',
      'src/chat/views/studentCard.ts',
      'adapters/teams/cardData.ts',
    ])
      expect(await lint(file), file).toContain('no-restricted-imports');
    expect(await lint('src/importers/oulad/auditAttributes.ts')).not.toContain('no-restricted-imports');
  }, 60_000);
});
