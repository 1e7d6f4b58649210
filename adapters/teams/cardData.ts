/**
 * Turns a chat view into the flat, already-formatted data the Adaptive Card templates in `cards/` bind to:
 * numbers as text, arrows and "—" decided here, lists cut to a row cap with an "and N more" line, so the
 * templates only place values. One function per view kind.
 */
import type {
  BandsSummary,
  BandsView,
  Button,
  CaseCardView,
  ChannelsView,
  ChooseStudentView,
  DigestView,
  FormField,
  FormView,
  GovernanceView,
  HelpView,
  ImageRef,
  ListSectionView,
  NoticeView,
  StudentCardView,
  StudentListRow,
  StudentListView,
  View,
} from '../../src/chat/views/viewModel.ts';
import type { ChatAction } from '../../src/chat/actions.ts';
import {
  bandFigure,
  bandName,
  caseSubtitle,
  comparedWithPeers,
  contactLine,
  digestSubtitle,
  effectOnScore,
  EXPLANATION_KEY,
  formatAttendance,
  formatCount,
  formatDay,
  formatDaysSince,
  formatScore,
  formatShare,
  formatTrend,
  matchCount,
  matchesIntro,
  moreLine,
  moreMatchesLine,
  moreTutorsLine,
  notListedLine,
  SCORE_SCALE,
  studentFacts,
  studentSubtitle,
  SUPPRESSED_COUNT,
  truncate,
  tutorCountLine,
  UNKNOWN,
} from '../../src/chat/views/viewFormat.ts';
import { TEAMS_MAX_CARD_ACTIONS, TEAMS_MAX_LABEL_CHARS, TEAMS_MAX_TEXT_CHARS } from './limits.ts';
import { modelScorecardData } from './modelScorecardData.ts';
import { studentSelfData } from './studentSelfData.ts';

type Data = Record<string, unknown>;

const label = (text: string) => truncate(text, TEAMS_MAX_LABEL_CHARS);
const text = (value: string) => truncate(value, TEAMS_MAX_TEXT_CHARS);

/** The template data for `view`, showing at most `rowCap` rows of any list. */
export function cardData(view: View, rowCap: number): Data {
  switch (view.kind) {
    case 'digest':
      return digestData(view, rowCap);
    case 'bands':
      return bandsData(view);
    case 'student-list':
      return studentListData(view, rowCap);
    case 'student':
      return studentData(view, rowCap);
    case 'case':
      return caseData(view, rowCap);
    case 'governance':
      return governanceData(view, rowCap);
    case 'model-scorecard':
      return modelScorecardData(view);
    case 'student-self':
      return studentSelfData(view, rowCap);
    case 'help':
      return helpData(view, rowCap);
    case 'notice':
      return noticeData(view);
    case 'choose-student':
      return chooseStudentData(view, rowCap);
    case 'channels':
      return channelsData(view, rowCap);
    case 'form':
      return formData(view);
  }
}

function buttonData(button: Button): Data {
  const style =
    button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : 'default';
  return { label: label(button.label), action: button.action, style };
}

function buttonsData(buttons: Button[]): Data[] {
  return buttons.slice(0, TEAMS_MAX_CARD_ACTIONS).map(buttonData);
}

/** The first `cap` items and the "and N more" line for the rest (`total` when the list was already paged). */
function capped<T>(
  items: T[],
  cap: number,
  total = items.length,
): { shown: T[]; hasHidden: boolean; hiddenLine: string } {
  const shown = items.slice(0, Math.max(0, cap));
  const hidden = Math.max(total, items.length) - shown.length;
  return { shown, hasHidden: hidden > 0, hiddenLine: moreLine(hidden) };
}

function chartData(chart: ImageRef | null): Data {
  return { hasChart: chart !== null, chart: chart ?? { url: '', alt: '' } };
}

const showStudent = (studentId: string): ChatAction => ({ op: 'showStudent', studentId });

function rowData(row: StudentListRow): Data {
  return {
    id: row.studentId,
    name: label(
      [row.name, row.contextNote ? 'context note' : '', row.returning ? 'returning from exemption' : '']
        .filter(Boolean)
        .join(' · '),
    ),
    score: formatScore(row.score),
    trend: formatTrend(row.trend, row.fourWeekChange),
    trendColor: row.trend === 'down' ? 'Attention' : row.trend === 'up' ? 'Good' : 'Default',
    attendance: formatAttendance(row.attendancePct, row.attendanceMissing),
    contact: formatDaysSince(row.daysSinceContact),
    openCase: row.openCase ? 'open' : UNKNOWN,
    // The AI layer's trajectory and top reason, when it predicted the week ('' hides the line).
    prediction: row.trajectory ? [row.trajectory, row.topReason].filter(Boolean).join(' · ') : '',
    // A programme digest's rows name the student's personal tutor ('' hides the line).
    tutor: row.tutor ? label(`Tutor: ${row.tutor}`) : '',
    action: showStudent(row.studentId),
    // Who is contacting the student ('' hides the line).
    claim: row.claim ? text(row.claim) : '',
    // The row's own buttons ("I'll contact" or "Release", "Known reason"), under the name.
    hasButtons: (row.buttons?.length ?? 0) > 0,
    buttons: buttonsData(row.buttons ?? []),
  };
}

function sectionData(section: ListSectionView, rowCap: number): Data {
  // What follows this page's rows: those cut to fit and those on later pages (not those on earlier ones).
  const { shown, hasHidden, hiddenLine } = capped(section.rows, rowCap, section.total - section.offset);
  return {
    heading: label(`${section.title} (${section.total})`),
    rule: text(section.rule),
    empty: section.total === 0,
    hasRows: shown.length > 0,
    rows: shown.map(rowData),
    hasHidden,
    hiddenLine,
    hasMore: section.more !== undefined,
    more: section.more ? buttonData(section.more) : { label: '', action: {} },
  };
}

function distributionLine(summary: BandsSummary): string {
  const parts = summary.bands.map(
    (band) => `${bandName(band.label, band.from, band.to)}: ${bandFigure(band)}`,
  );
  return parts.length === 0 ? 'No scores this week.' : parts.join(' · ');
}

function bandRows(summary: BandsSummary): Data[] {
  return summary.bands.map((band) => ({
    label: label(bandName(band.label, band.from, band.to)),
    count: band.suppressed ? SUPPRESSED_COUNT : String(band.count),
    share: band.suppressed ? '' : formatShare(band.share),
  }));
}

function digestData(view: DigestView, rowCap: number): Data {
  return {
    fallbackText: label(view.title),
    title: label(view.title),
    subtitle: text(digestSubtitle(view)),
    hasFeedNotes: (view.feedNotes ?? []).length > 0,
    feedNotes: (view.feedNotes ?? []).map((note) => ({ text: text(note) })),
    hasSharedCause: view.sharedCauseNotes.length > 0,
    sharedCauseNotes: view.sharedCauseNotes
      .slice(0, Math.max(1, rowCap))
      .map((note) => ({ text: text(note) })),
    ...chartData(view.chart),
    distributionLine: text(distributionLine(view.distribution)),
    notListedLine: notListedLine(view) ?? '',
    ...tutorsData(view, rowCap),
    sections: view.sections.map((section) => sectionData(section, rowCap)),
    buttons: buttonsData(view.buttons),
  };
}

/** A programme digest's counts per tutor, cut to the row cap with "and 4 more tutors". */
function tutorsData(view: DigestView, rowCap: number): Data {
  const tutors = view.byTutor?.tutors ?? [];
  const shown = tutors.slice(0, Math.max(1, rowCap));
  const hidden = tutors.length - shown.length + (view.byTutor?.moreTutors ?? 0);
  return {
    hasTutors: shown.length > 0,
    tutors: shown.map((tutor) => ({ line: label(tutorCountLine(tutor)) })),
    moreTutorsLine: hidden > 0 ? moreTutorsLine(hidden) : '',
  };
}

function bandsData(view: BandsView): Data {
  return {
    fallbackText: label(view.title),
    title: label(view.title),
    subtitle: `Week ${view.week} · ${formatCount(view.summary.scored)} scored · ${SCORE_SCALE}`,
    ...chartData(view.chart),
    hasBands: view.summary.bands.length > 0,
    bands: bandRows(view.summary),
    buttons: buttonsData(view.buttons),
  };
}

function studentListData(view: StudentListView, rowCap: number): Data {
  return {
    fallbackText: label(view.title),
    title: label(view.title),
    subtitle: `Week ${view.week} · page ${view.page} of ${view.pageCount} · ${SCORE_SCALE}`,
    section: sectionData(view.section, rowCap),
    buttons: buttonsData(view.buttons),
  };
}

function studentData(view: StudentCardView, rowCap: number): Data {
  const { student } = view;
  const contacts = capped(view.contacts, rowCap);
  const notes = capped(view.notes, rowCap);
  const explanation = capped(view.explanation, rowCap);
  return {
    fallbackText: label(`${student.name} (${student.id})`),
    hasConfirmation: view.confirmation !== null,
    confirmation: text(view.confirmation ?? ''),
    hasClaim: Boolean(view.claim),
    claim: text(view.claim ?? ''),
    name: label(student.name),
    subtitle: text(studentSubtitle(student)),
    ...chartData(view.chart),
    facts: studentFacts(view).map((fact) => ({ title: fact.title, value: text(fact.value) })),
    hasExplanation: explanation.shown.length > 0,
    explanation: explanation.shown.map((row) => ({
      source: label(row.source),
      weight: `${formatShare(row.weight)} of the score`,
      measure: label(row.measure),
      peerMedian: label(`median ${row.peerMedian}`),
      comparison: comparedWithPeers(row.normalScore),
      effect: effectOnScore(row.contribution),
    })),
    explanationKey: EXPLANATION_KEY,
    hasContacts: view.contacts.length > 0,
    contacts: contacts.shown.map((contact) => ({
      line: text(contactLine(contact)),
    })),
    contactsHidden: contacts.hasHidden,
    contactsHiddenLine: contacts.hiddenLine,
    hasNotes: view.notes.length > 0,
    notes: notes.shown.map((note) => ({ text: text(note) })),
    notesHidden: notes.hasHidden,
    notesHiddenLine: notes.hiddenLine,
    buttons: buttonsData(view.buttons),
  };
}

function caseData(view: CaseCardView, rowCap: number): Data {
  const timeline = capped(view.timeline, rowCap);
  return {
    fallbackText: label(`Case — ${view.student.name}`),
    hasConfirmation: view.confirmation !== null,
    confirmation: text(view.confirmation ?? ''),
    title: label(`Case — ${view.student.name}`),
    subtitle: text(caseSubtitle(view)),
    facts: [
      { title: 'Status', value: view.status },
      { title: 'Reason', value: text(view.reason) },
      { title: 'Owner', value: label(view.owner) },
      { title: 'Opened', value: formatDay(view.openedAt) },
    ],
    hasTimeline: view.timeline.length > 0,
    timeline: timeline.shown.map((entry) => ({
      heading: label(`${formatDay(entry.at)} · ${entry.kind} · ${entry.by}`),
      text: text(entry.text),
    })),
    timelineHidden: timeline.hasHidden,
    timelineHiddenLine: timeline.hiddenLine,
    buttons: buttonsData(view.buttons),
  };
}

function governanceData(view: GovernanceView, rowCap: number): Data {
  const figures = capped(view.figures, Math.max(rowCap, 1));
  return {
    fallbackText: label(view.title),
    title: label(view.title),
    subtitle: text(`${view.scopeLabel} · week ${view.week} · ${formatCount(view.summary.scored)} scored`),
    facts: figures.shown.map((figure) => ({ title: label(figure.label), value: text(figure.value) })),
    hasFacts: figures.shown.length > 0,
    ...chartData(view.chart),
    hasBands: view.summary.bands.length > 0,
    bands: bandRows(view.summary),
  };
}

function helpData(view: HelpView, rowCap: number): Data {
  const commands = (list: HelpView['commands']) =>
    list
      .slice(0, Math.max(rowCap, 1))
      .map((command) => ({ title: label(command.usage), value: text(command.description) }));
  return {
    fallbackText: 'Engage commands',
    commands: commands(view.commands),
    hasAdmin: view.adminCommands.length > 0,
    adminCommands: commands(view.adminCommands),
  };
}

const TONE_STYLE: Record<NoticeView['tone'], string> = {
  info: 'accent',
  success: 'good',
  warning: 'warning',
  denied: 'attention',
  error: 'attention',
};

function noticeData(view: NoticeView): Data {
  return {
    fallbackText: label(view.title),
    style: TONE_STYLE[view.tone],
    title: label(view.title),
    text: text(view.text),
    buttons: buttonsData(view.buttons),
  };
}

function chooseStudentData(view: ChooseStudentView, rowCap: number): Data {
  const matches = matchCount(view);
  const candidates = capped(view.candidates, rowCap, matches);
  const hidden = matches - candidates.shown.length;
  return {
    fallbackText: 'Which student?',
    intro: text(matchesIntro(view)),
    candidates: candidates.shown.map((candidate) => ({
      name: label(candidate.name),
      detail: text(`${candidate.id} · ${candidate.detail}`),
      action: showStudent(candidate.id),
    })),
    hasHidden: hidden > 0,
    hiddenLine: moreMatchesLine(hidden),
    buttons: buttonsData(view.buttons),
  };
}

function channelsData(view: ChannelsView, rowCap: number): Data {
  const links = capped(view.links, rowCap);
  return {
    fallbackText: 'Linked channels',
    empty: view.links.length === 0,
    hasLinks: links.shown.length > 0,
    links: links.shown.map((link) => ({
      channel: label(link.channel),
      platform: link.platform,
      group: label(link.group),
      linkedBy: label(link.linkedBy),
      linkedAt: formatDay(link.linkedAt),
    })),
    hasHidden: links.hasHidden,
    hiddenLine: links.hiddenLine,
  };
}

function fieldData(field: FormField): Data {
  const base = { isChoice: false, isText: false, isDate: false, id: field.id, label: label(field.label) };
  switch (field.kind) {
    case 'choice':
      return {
        ...base,
        isChoice: true,
        value: field.value,
        options: field.options.map((option) => ({ title: label(option.label), value: option.value })),
      };
    case 'text':
      return {
        ...base,
        isText: true,
        multiline: field.multiline,
        maxLength: field.maxLength,
        required: field.required,
        errorMessage: `${field.label} is required`,
      };
    case 'date':
      return { ...base, isDate: true, value: field.value };
  }
}

function formData(view: FormView): Data {
  return {
    fallbackText: label(view.title),
    title: label(view.title),
    subtitle: label(`${view.student.name} (${view.student.id})`),
    fields: view.fields.map(fieldData),
    submit: buttonData(view.submit),
  };
}
