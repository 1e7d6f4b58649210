/**
 * Which stored predictions the surfaces show for a week (lists, Monday view, digest, card, rules): the
 * active model's when it predicted that week, else those of the most recent model that did. Nothing when
 * the AI layer is switched off.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Repositories } from '../repositories/index.ts';
import type { RiskPrediction } from '../repositories/riskModels.ts';

const sequenceOf = (versionId: string) => Number(versionId.replace(/^v/, '')) || 0;

/** The version shown among those that predicted: the active model's, else the most recent. */
function chooseVersion(versions: string[], activeVersion: string | null): string | undefined {
  if (activeVersion !== null && versions.includes(activeVersion)) return activeVersion;
  return [...versions].sort((a, b) => sequenceOf(b) - sequenceOf(a))[0];
}

/** One student's shown prediction for a week (null when off or none). */
export async function studentPrediction(
  repos: Repositories,
  studentId: string,
  week: IsoWeek,
): Promise<RiskPrediction | null> {
  if (!(await repos.riskModels.settings()).enabled) return null;
  const mine = (await repos.riskModels.predictionsOfStudent(studentId)).filter((p) => p.week === week);
  const version = chooseVersion(
    mine.map((p) => p.modelVersion),
    (await repos.riskModels.active())?.versionId ?? null,
  );
  return mine.find((p) => p.modelVersion === version) ?? null;
}

export async function shownPredictions(
  repos: Repositories,
  week: IsoWeek,
): Promise<Map<string, RiskPrediction>> {
  const settings = await repos.riskModels.settings();
  if (!settings.enabled) return new Map();
  const versions = await repos.riskModels.versionsPredicting(week);
  if (versions.length === 0) return new Map();
  const active = await repos.riskModels.active();
  const version = chooseVersion(versions, active?.versionId ?? null) as string;
  const predictions = await repos.riskModels.predictionsFor(week, version);
  return new Map(predictions.map((prediction) => [prediction.studentId, prediction]));
}
