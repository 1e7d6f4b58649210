/**
 * Setting and ending "known reason" exemptions, for chat and the command line alike: the input is checked
 * again here (whatever the boundary did), a student has at most one exemption at a time, and both setting
 * one and ending one early are audited against the student. Entitlement to the student is the caller's
 * check (chat: permittedStudent; the CLI is an administrator's tool).
 */
import type { Repositories } from '../repositories/index.ts';
import type { Exemption } from '../repositories/exemptions.ts';
import { exemptionInputSchema, exemptUntilLine } from './exemptionRules.ts';

export const EXEMPTION_AUDIT = { set: 'exemption-set', endedEarly: 'exemption-ended-early' } as const;

export class ExemptionRefused extends Error {
  constructor(
    readonly code: 'invalid' | 'already-exempt' | 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'ExemptionRefused';
  }
}

/** Who acts, when, what "today" is for them (yyyy-mm-dd) and where, for the audit. */
export interface ExemptionActor {
  now: Date;
  today: string;
  actor: string;
  where: string;
}

export async function setExemption(
  repos: Repositories,
  input: { studentId: string; category: string; note: string; until: string },
  acting: ExemptionActor,
): Promise<Exemption> {
  const checked = exemptionInputSchema(acting.today).safeParse(input);
  if (!checked.success) {
    throw new ExemptionRefused('invalid', checked.error.issues[0]?.message ?? 'Please check the form.');
  }
  const current = await repos.exemptions.currentFor(input.studentId, acting.today);
  if (current) {
    throw new ExemptionRefused(
      'already-exempt',
      `${exemptUntilLine(current)} already: an administrator can end it early before a new one is set.`,
    );
  }
  const exemption = await repos.exemptions.add({
    studentId: input.studentId,
    ...checked.data,
    from: acting.today,
    setBy: acting.actor,
    setAt: acting.now,
  });
  await audit(repos, acting, input.studentId, EXEMPTION_AUDIT.set);
  return exemption;
}

export async function endExemptionEarly(
  repos: Repositories,
  id: string,
  acting: ExemptionActor,
): Promise<Exemption> {
  const ended = await repos.exemptions.endEarly(id, acting.actor, acting.now, acting.today);
  if (!ended) throw new ExemptionRefused('not-found', `No current exemption has the id "${id}".`);
  await audit(repos, acting, ended.studentId, EXEMPTION_AUDIT.endedEarly);
  return ended;
}

function audit(repos: Repositories, acting: ExemptionActor, studentId: string, action: string) {
  return repos.audit.record({ at: acting.now, actor: acting.actor, studentId, action, where: acting.where });
}
