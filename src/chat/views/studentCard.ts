/**
 * The student card: who, score and band with the four-week trend and the trend chart, attendance beside
 * the score, days since contact, the per-source explanation, the active case, recent contacts and context
 * notes, with the buttons a tutor acts from (log contact, open or show the case, add a note, snooze).
 */
import type { SupportCase } from '../../repositories/cases.ts';
import { bandOf } from '../../scoring/band.ts';
import type { SourceExplanation } from '../../scoring/explain.ts';
import type { StudentView } from '../../weekly/studentView.ts';
import { bandLabel } from './bands.ts';
import { CARD_CONTACTS, NOTE_PREVIEW_CHARS, truncate } from './displayLimits.ts';
import type { Reference } from '../context/reference.ts';
import { formatSourceMeasure } from './viewFormat.ts';
import type { Button, ImageRef, SourceExplanationRow, StudentCardView } from './viewModel.ts';

export interface CardExtras {
  chart: ImageRef | null;
  confirmation: string | null;
  /** The current channel has a linked group, so the student can be snoozed in its digest. */
  canSnooze: boolean;
  snoozedUntil: Date | null;
}

export function buildStudentCard(
  view: StudentView,
  reference: Reference,
  extras: CardExtras,
): StudentCardView {
  const { student, signals } = view;
  const score = signals.score;
  const band = score === null ? null : bandOf(score);
  const notes: string[] = [];
  if (view.notScoredBecause) notes.push(`Not scored: ${view.notScoredBecause}.`);
  if (signals.sharedCauseThisWeek) {
    notes.push(
      "This week's drop was shared by the whole peer group (a shared cause), so it is not read as declining.",
    );
  }
  if (signals.weeksOfDecline >= 4)
    notes.push(`Score has fallen ${signals.weeksOfDecline} weeks in a row: a strong signal.`);
  if (signals.declining && signals.attendancePct !== null && signals.attendancePct >= 80) {
    notes.push('Declining score with acceptable attendance: the earliest warning.');
  }
  if (signals.recovering) notes.push('Recovering: up 50 points or more over two weeks.');
  if (extras.snoozedUntil) {
    notes.push(`Snoozed in this channel's digest until ${extras.snoozedUntil.toISOString().slice(0, 10)}.`);
  }
  return {
    kind: 'student',
    student: {
      id: student.id,
      name: student.name,
      programme: reference.programme(student.programmeId),
      yearOfStudy: student.yearOfStudy,
      status: student.status,
      tutor: student.tutorId ? reference.staff(student.tutorId) : null,
    },
    week: view.week,
    score,
    band,
    bandLabel: band === null ? null : bandLabel(band),
    fourWeekChange: signals.fourWeekChange,
    trend: signals.trend,
    attendancePct: signals.attendancePct === null ? null : Math.round(signals.attendancePct),
    attendanceMissing: signals.attendanceMissing,
    daysSinceContact: signals.daysSinceContact,
    chart: extras.chart,
    explanation: (view.explanation?.sources ?? []).map((source) => explanationRow(source, reference)),
    prediction: view.prediction && {
      trajectory: view.prediction.trajectory,
      risk: view.prediction.probability,
      reasons: view.prediction.reasons,
      target: view.prediction.target,
    },
    activeCase: view.activeCase ? caseSummary(view.activeCase, reference) : null,
    contacts: view.contacts.slice(0, CARD_CONTACTS).map((contact) => ({
      at: contact.at.toISOString(),
      channel: contact.channel,
      by: reference.staff(contact.staffId),
      note: truncate(contact.note, NOTE_PREVIEW_CHARS),
    })),
    notes,
    confirmation: extras.confirmation,
    buttons: cardButtons(view, extras),
  };
}

function caseSummary(supportCase: SupportCase, reference: Reference): StudentCardView['activeCase'] {
  return {
    id: supportCase.id,
    status: supportCase.status,
    reason: truncate(supportCase.reason, NOTE_PREVIEW_CHARS),
    owner: reference.staff(supportCase.ownerId),
    openedAt: supportCase.openedAt.toISOString(),
  };
}

function cardButtons(view: StudentView, extras: CardExtras): Button[] {
  const studentId = view.student.id;
  const buttons: Button[] = [
    { label: 'Log contact', action: { op: 'openContactForm', studentId }, style: 'primary' },
  ];
  if (view.activeCase) {
    buttons.push({ label: 'Show case', action: { op: 'showCase', caseId: view.activeCase.id } });
    buttons.push({ label: 'Add case note', action: { op: 'openCaseNoteForm', caseId: view.activeCase.id } });
  } else {
    buttons.push({ label: 'Open case', action: { op: 'openCaseForm', studentId } });
  }
  if (extras.canSnooze && !extras.snoozedUntil) {
    buttons.push({ label: 'Snooze for a week', action: { op: 'snooze', studentId } });
  }
  return buttons;
}

function explanationRow(source: SourceExplanation, reference: Reference): SourceExplanationRow {
  const info = reference.source(source.sourceId);
  const asPercent = info?.kind === 'attendance';
  return {
    source: info?.name ?? source.sourceId,
    measure: formatSourceMeasure(
      source.measure === null ? null : formatMeasure(source.measure, asPercent),
      source.imputed,
    ),
    peerMedian: source.peerMedian === null ? '—' : formatMeasure(source.peerMedian, asPercent),
    normalScore: source.normalScore === null ? null : round2(source.normalScore),
    weight: round2(source.weight),
    contribution: round2(source.contribution),
  };
}

function formatMeasure(value: number, asPercent: boolean): string {
  if (asPercent) return `${Math.round(value * 100)}%`;
  return Number.isInteger(value) ? `${value}` : value.toFixed(1);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
