/**
 * `engage import oulad <dir>`: imports the Open University Learning Analytics Dataset (every module
 * presentation in the files, or the one selected), scores every imported term week in order and reports
 * what landed and which rows were skipped. Re-running it is idempotent.
 */
import { stat } from 'node:fs/promises';
import { importOuladAuditAttributes } from '../../../src/importers/oulad/auditAttributes.ts';
import { importOulad } from '../../../src/importers/oulad/importOulad.ts';
import { auditAttributeRepository } from '../../../src/repositories/auditAttributes.ts';
import { predictLatestWeek } from '../../../src/prediction/predictWeek.ts';
import { NotEnoughTermsError, trainAndStoreModel } from '../../../src/prediction/trainModel.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { ouladDirectory } from '../../files/ouladDirectory.ts';
import { EXIT, InputError, stringOption, UsageError, type Command } from '../command.ts';
import { engageCommandLine } from '../hint.ts';
import { inputFileError } from '../inputFiles.ts';
import { renderImportSummary, type ImportReport } from '../render/importSummary.ts';
import { withRepositories } from '../session.ts';

const FORMATS = ['oulad'];

export const importCommand: Command = {
  usage: 'engage import oulad <dir> [--module <code>] [--presentation <code>] [--json]',
  options: { module: { type: 'string' }, presentation: { type: 'string' } },
  optionHelp: [
    '--module <code>        only this module, e.g. AAA (default: every module in the files)',
    '--presentation <code>  only this presentation, e.g. 2013J (default: every presentation)',
  ],
  examples: [
    'engage import oulad ../shared/data/oulad-aaa',
    'engage import oulad ./oulad --module AAA --presentation 2014J --json --data-dir ./oulad-store',
  ],
  async run(context) {
    const [format, dir, ...extra] = context.positionals;
    if (format === undefined || !FORMATS.includes(format)) {
      throw new UsageError(
        format === undefined ? 'name what to import: oulad' : `unknown format "${format}"; formats: oulad`,
      );
    }
    if (dir === undefined) throw new UsageError('give the directory holding the OULAD files');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const module = stringOption(context, 'module');
    const presentation = stringOption(context, 'presentation');
    if (presentation !== undefined && !/^\d{4}[BJ]$/.test(presentation)) {
      throw new UsageError(`--presentation must be a year and B or J, e.g. 2013J (got "${presentation}")`);
    }

    const started = performance.now();
    await stat(dir); // a folder that is not there is named as such, not as "has no courses.csv, ..."
    const files = await ouladDirectory(dir).catch((error: unknown) => {
      throw new InputError(inputFileError(error) ?? (error as Error).message);
    });
    const report: ImportReport = await withRepositories(context.env, async (repos, store) => {
      const summary = await importOulad(repos, files, { module, presentation });
      const auditAttributes = await importOuladAuditAttributes(
        repos,
        auditAttributeRepository(store.db),
        files,
      );
      let weeksScored = 0;
      for (const week of summary.termWeeks) {
        if ((await scoreAndStoreWeek(repos, week)).scoredWeek) weeksScored++;
      }
      return {
        ...summary,
        auditAttributes,
        source: dir,
        weeksScored,
        riskModel: await firstRiskModel(repos),
        seconds: 0,
      };
    });
    report.seconds = (performance.now() - started) / 1000;
    if (context.json) context.out.json(report);
    else
      for (const line of renderImportSummary(
        report,
        engageCommandLine(
          context.env,
          report.riskModel.trained || report.riskModel.kept
            ? 'students --list at-risk'
            : 'students --list declining',
        ),
      ))
        context.out.line(line);
    return EXIT.ok;
  },
};

/**
 * The imported history's completed terms are what the train-risk-model job learns from when a term
 * completes: with no model yet, one is trained (on the default target) and the latest week predicted, so
 * At Risk is listed at once. A store that already has a model keeps it (re-importing changes no model).
 */
async function firstRiskModel(repos: Repositories): Promise<ImportReport['riskModel']> {
  if ((await repos.riskModels.list()).length > 0)
    return { trained: false, kept: true, reason: 'the store already has one' };
  try {
    const { model } = await trainAndStoreModel(repos, { now: new Date(), by: 'engage import' });
    const predicted = await predictLatestWeek(repos);
    return {
      trained: true,
      version: model.versionId,
      target: model.document.target,
      terms: model.document.trainingWindow.terms,
      week: predicted?.week ?? null,
      predicted: predicted?.predicted ?? 0,
      atRisk: predicted?.atRisk ?? 0,
    };
  } catch (error) {
    if (error instanceof NotEnoughTermsError) return { trained: false, kept: false, reason: error.message };
    throw error;
  }
}
