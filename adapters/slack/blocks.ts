/**
 * Renders chat views as Slack Block Kit: `renderBlocks` for messages (blocks plus the plain `text` Slack
 * shows in notifications), `renderModal` for the log-contact / open-case / case-note forms (views.open)
 * and `renderHome` for the App Home tab. Lists are cut to fit the block budget of the surface, with
 * "and 12 more" and the view's paging button, so a huge view still renders.
 */
import type { HomeView, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ChatAction } from '../../src/chat/actions.ts';
import type {
  BandsSummary,
  Button,
  CaseCardView,
  ChannelsView,
  ChooseStudentView,
  DigestView,
  FormField,
  FormView,
  GovernanceView,
  HelpView,
  ListSectionView,
  NoticeView,
  StudentCardView,
  StudentListRow,
  StudentListView,
  View,
} from '../../src/chat/views/viewModel.ts';
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
  sparkline,
  studentFacts,
  studentSubtitle,
  truncate,
  tutorCountLine,
} from '../../src/chat/views/viewFormat.ts';
import {
  actions,
  ActionIds,
  button,
  context,
  divider,
  escapeMrkdwn,
  fieldSections,
  header,
  image,
  overflow,
  section,
} from './blockParts.ts';
import {
  SLACK_FALLBACK_TEXT_MAX,
  SLACK_ID_MAX,
  SLACK_INPUT_LABEL_MAX,
  SLACK_MAX_MESSAGE_BLOCKS,
  SLACK_MAX_OPTIONS,
  SLACK_MAX_SURFACE_BLOCKS,
  SLACK_MODAL_TITLE_MAX,
  SLACK_OPTION_TEXT_MAX,
  SLACK_OPTION_VALUE_MAX,
  SLACK_PRIVATE_METADATA_MAX,
  SLACK_ROW_CAPS,
  SLACK_TEXT_INPUT_MAX,
} from './limits.ts';
import { modelScorecardBlocks } from './modelScorecardBlocks.ts';
import { studentSelfBlocks } from './studentSelfBlocks.ts';

export type Block = KnownBlock;

export function renderBlocks(view: View): { text: string; blocks: Block[] } {
  return {
    text: truncate(escapeMrkdwn(fallbackText(view)), SLACK_FALLBACK_TEXT_MAX),
    blocks: fitted(view, SLACK_MAX_MESSAGE_BLOCKS),
  };
}

export function renderHome(view: View): HomeView {
  return { type: 'home', blocks: fitted(view, SLACK_MAX_SURFACE_BLOCKS) };
}

/** The modal for a form; `privateMetadata` (at most 3,000 characters) comes back with the submission. */
export function renderModal(view: FormView, privateMetadata: string): ModalView {
  if (privateMetadata.length > SLACK_PRIVATE_METADATA_MAX) {
    throw new RangeError(
      `renderModal: private_metadata is ${privateMetadata.length} characters; Slack allows ${SLACK_PRIVATE_METADATA_MAX}`,
    );
  }
  const plain = (text: string) => ({
    type: 'plain_text' as const,
    text: truncate(text, SLACK_MODAL_TITLE_MAX),
  });
  return {
    type: 'modal',
    callback_id: truncate(`engage:${view.form}`, SLACK_ID_MAX),
    title: plain(view.title),
    submit: plain(view.submit.label),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: [
      context([`*${escapeMrkdwn(view.student.name)}* · ${escapeMrkdwn(view.student.id)}`]),
      ...view.fields.map(inputBlock),
    ].slice(0, SLACK_MAX_SURFACE_BLOCKS),
  };
}

/** Renders with ever fewer list rows until the blocks fit; as a last resort cuts the tail and says so. */
function fitted(view: View, maxBlocks: number): Block[] {
  let blocks: Block[] = [];
  for (const rowCap of SLACK_ROW_CAPS) {
    blocks = viewBlocks(view, rowCap, new ActionIds());
    if (blocks.length <= maxBlocks) return blocks;
  }
  return [...blocks.slice(0, maxBlocks - 1), context(['Shortened to fit Slack.'])];
}

function viewBlocks(view: View, rowCap: number, ids: ActionIds): Block[] {
  switch (view.kind) {
    case 'digest':
      return digestBlocks(view, rowCap, ids);
    case 'bands':
      return bandsBlocks(view.title, view.week, view.summary, view.chart, view.buttons, ids);
    case 'student-list':
      return studentListBlocks(view, rowCap, ids);
    case 'student':
      return studentBlocks(view, rowCap, ids);
    case 'case':
      return caseBlocks(view, rowCap, ids);
    case 'governance':
      return governanceBlocks(view, rowCap);
    case 'model-scorecard':
      return modelScorecardBlocks(view);
    case 'student-self':
      return studentSelfBlocks(view, rowCap, ids);
    case 'help':
      return helpBlocks(view);
    case 'notice':
      return noticeBlocks(view, ids);
    case 'choose-student':
      return chooseStudentBlocks(view, rowCap, ids);
    case 'channels':
      return channelsBlocks(view, rowCap);
    case 'form':
      return formMessageBlocks(view, ids);
  }
}

const showStudent = (studentId: string): ChatAction => ({ op: 'showStudent', studentId });
const name = (text: string) => escapeMrkdwn(truncate(text, 120));
const text = (value: string) => escapeMrkdwn(value);

/** Up to `cap` lines joined into one section text (cut to fit), and how many were left out. */
function lines(items: string[], cap: number): { text: string; hidden: number } {
  const shown = items.slice(0, Math.max(0, cap));
  return { text: shown.join('\n'), hidden: items.length - shown.length };
}

function rowBlock(row: StudentListRow, ids: ActionIds): Block {
  const facts = [
    `${formatScore(row.score)} ${formatTrend(row.trend, row.fourWeekChange)}`,
    row.recentScores.length > 1 ? sparkline(row.recentScores) : '',
    `attendance ${formatAttendance(row.attendancePct, row.attendanceMissing)}`,
    `contact ${formatDaysSince(row.daysSinceContact)}`,
    row.openCase ? 'open case' : 'no case',
    row.contextNote ? 'context note from the student' : '',
    row.tutor ? `tutor ${text(row.tutor)}` : '',
    row.returning ? 'returning from exemption' : '',
    row.trajectory ? `trajectory ${row.trajectory}` : '',
    row.topReason ? row.topReason : '',
  ].filter((part) => part !== '');
  const openRow: Button = { label: 'Open', action: showStudent(row.studentId) };
  // A row with its own buttons ("I'll contact", "Known reason") offers them with Open in one overflow menu.
  const open = row.buttons?.length ? overflow(ids, [openRow, ...row.buttons]) : button(ids, openRow);
  const claim = row.claim ? `\n:raising_hand: *${text(row.claim)}*` : '';
  return section(
    `*${name(row.name)}* · \`${text(row.studentId)}\`\n${facts.join(' · ')}${claim}`,
    open ?? undefined,
  );
}

function listSectionBlocks(
  list: ListSectionView,
  rowCap: number,
  ids: ActionIds,
  withTitle: boolean,
): Block[] {
  const shown = list.rows.slice(0, Math.max(0, rowCap));
  // What follows this page's rows: those cut to fit and those on later pages (not those on earlier ones).
  const hidden = Math.max(list.total - list.offset, list.rows.length) - shown.length;
  const blocks: Block[] = [];
  if (withTitle) blocks.push(section(`*${text(list.title)} (${list.total})*\n_${text(list.rule)}_`));
  if (list.total === 0) blocks.push(context(['Nobody on this list this week.']));
  blocks.push(...shown.map((row) => rowBlock(row, ids)));
  // "and N more" carries the button to the whole list beside it: one block, not two, in a 50-block message.
  const more = list.more ? button(ids, list.more) : null;
  if (hidden > 0) blocks.push(more ? section(`_${moreLine(hidden)}_`, more) : context([moreLine(hidden)]));
  else if (list.more) blocks.push(...actions(ids, [list.more]));
  return blocks;
}

function distributionText(summary: BandsSummary): string {
  if (summary.bands.length === 0) return 'No scores this week.';
  return summary.bands
    .map((band) =>
      band.suppressed
        ? `${text(bandName(band.label, band.from, band.to))}: ${bandFigure(band)}`
        : `${text(bandName(band.label, band.from, band.to))}: *${band.count}* (${formatShare(band.share)})`,
    )
    .join(' · ');
}

function digestBlocks(view: DigestView, rowCap: number, ids: ActionIds): Block[] {
  return [
    header(view.title),
    context([text(digestSubtitle(view))]),
    ...(view.feedNotes ?? []).map((note) => section(`:rotating_light: ${text(note)}`)),
    ...(view.sharedCauseNotes.length > 0
      ? [section(`:warning: ${lines(view.sharedCauseNotes.map(text), Math.max(1, rowCap)).text}`)]
      : []),
    ...image(view.chart),
    context([distributionText(view.distribution)]),
    ...notListedBlocks(view),
    ...tutorBlocks(view, rowCap),
    ...view.sections.flatMap((list) => [divider(), ...listSectionBlocks(list, rowCap, ids, true)]),
    ...actions(ids, view.buttons),
  ];
}

function notListedBlocks(view: DigestView): Block[] {
  const line = notListedLine(view);
  return line === null ? [] : [context([line])];
}

/** A programme digest's counts per tutor, one section of lines, longest need-action list first. */
function tutorBlocks(view: DigestView, rowCap: number): Block[] {
  if (!view.byTutor || view.byTutor.tutors.length === 0) return [];
  const shown = lines(
    view.byTutor.tutors.map((tutor) => text(tutorCountLine(tutor))),
    Math.max(1, rowCap),
  );
  const hidden = shown.hidden + view.byTutor.moreTutors;
  return [section(`*By personal tutor*\n${shown.text}${hidden > 0 ? `\n_${moreTutorsLine(hidden)}_` : ''}`)];
}

function bandsBlocks(
  title: string,
  week: string,
  summary: BandsSummary,
  chart: DigestView['chart'],
  buttons: Button[],
  ids: ActionIds,
): Block[] {
  return [
    header(title),
    context([`Week ${week} · ${formatCount(summary.scored)} scored · ${SCORE_SCALE}`]),
    ...image(chart),
    ...(summary.bands.length === 0 ? [context(['No scores this week.'])] : []),
    ...fieldSections(
      summary.bands.map((band) => ({
        title: bandName(band.label, band.from, band.to),
        value: band.suppressed
          ? `${bandFigure(band)} students`
          : `${band.count} students · ${formatShare(band.share)}`,
      })),
    ),
    ...actions(ids, buttons),
  ];
}

function studentListBlocks(view: StudentListView, rowCap: number, ids: ActionIds): Block[] {
  return [
    header(view.title),
    context([
      `Week ${view.week} · page ${view.page} of ${view.pageCount} · ${formatCount(view.section.total)} students · ${SCORE_SCALE}`,
      `_${text(view.section.rule)}_`,
    ]),
    ...listSectionBlocks(view.section, rowCap, ids, false),
    ...actions(ids, view.buttons),
  ];
}

function studentBlocks(view: StudentCardView, rowCap: number, ids: ActionIds): Block[] {
  const { student } = view;
  const explanation = lines(
    view.explanation.map(
      (row) =>
        `*${text(row.source)}* (${formatShare(row.weight)} of the score): ${text(row.measure)}, peer median ${text(row.peerMedian)} · ${comparedWithPeers(row.normalScore)} · ${effectOnScore(row.contribution)}`,
    ),
    rowCap,
  );
  const contacts = lines(
    view.contacts.map((contact) => text(contactLine(contact))),
    rowCap,
  );
  const more = (hidden: number) => (hidden > 0 ? `\n_${moreLine(hidden)}_` : '');
  return [
    ...(view.confirmation ? [context([`:white_check_mark: ${text(view.confirmation)}`])] : []),
    header(student.name),
    context([text(studentSubtitle(student))]),
    ...(view.claim ? [section(`:raising_hand: *${text(view.claim)}*`)] : []),
    ...image(view.chart),
    ...fieldSections(studentFacts(view)),
    ...(view.explanation.length > 0
      ? [
          section(`*Why this score*\n${explanation.text}${more(explanation.hidden)}`),
          context([EXPLANATION_KEY]),
        ]
      : []),
    section(
      `*Last contacts*\n${view.contacts.length === 0 ? 'No contact logged yet.' : contacts.text}${more(contacts.hidden)}`,
    ),
    ...(view.notes.length > 0
      ? [context(view.notes.slice(0, Math.max(1, rowCap)).map((note) => `:memo: ${text(note)}`))]
      : []),
    ...actions(ids, view.buttons),
  ];
}

function caseBlocks(view: CaseCardView, rowCap: number, ids: ActionIds): Block[] {
  const timeline = lines(
    view.timeline.map(
      (entry) => `*${formatDay(entry.at)}* · ${text(entry.kind)} · ${text(entry.by)}\n${text(entry.text)}`,
    ),
    rowCap,
  );
  return [
    ...(view.confirmation ? [context([`:white_check_mark: ${text(view.confirmation)}`])] : []),
    header(`Case — ${view.student.name}`),
    context([text(caseSubtitle(view))]),
    ...fieldSections([
      { title: 'Status', value: view.status },
      { title: 'Reason', value: view.reason },
      { title: 'Owner', value: view.owner },
      { title: 'Opened', value: formatDay(view.openedAt) },
    ]),
    section(`*Timeline*\n${view.timeline.length === 0 ? 'Nothing on the timeline yet.' : timeline.text}`),
    ...(timeline.hidden > 0 ? [context([moreLine(timeline.hidden)])] : []),
    ...actions(ids, view.buttons),
  ];
}

function governanceBlocks(view: GovernanceView, rowCap: number): Block[] {
  const figures = view.figures.slice(0, Math.max(rowCap, 1));
  const hidden = view.figures.length - figures.length;
  return [
    header(view.title),
    context([`${text(view.scopeLabel)} · week ${view.week} · ${formatCount(view.summary.scored)} scored`]),
    ...fieldSections(figures.map((figure) => ({ title: figure.label, value: figure.value }))),
    ...(hidden > 0 ? [context([moreLine(hidden)])] : []),
    ...image(view.chart),
    context([distributionText(view.summary)]),
  ];
}

function helpBlocks(view: HelpView): Block[] {
  const usage = (commands: HelpView['commands']) =>
    commands.map((command) => `\`${text(command.usage)}\` — ${text(command.description)}`).join('\n');
  return [
    header('Engage commands'),
    context(['Type `/engage <command>` (Slack) or message @Engage (Teams).']),
    section(usage(view.commands)),
    ...(view.adminCommands.length > 0 ? [section(`*Admin*\n${usage(view.adminCommands)}`)] : []),
  ];
}

const TONE_EMOJI: Record<NoticeView['tone'], string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  denied: ':no_entry:',
  error: ':x:',
};

function noticeBlocks(view: NoticeView, ids: ActionIds): Block[] {
  return [
    section(`${TONE_EMOJI[view.tone]} *${text(view.title)}*\n${text(view.text)}`),
    ...actions(ids, view.buttons),
  ];
}

function chooseStudentBlocks(view: ChooseStudentView, rowCap: number, ids: ActionIds): Block[] {
  const shown = view.candidates.slice(0, Math.max(0, rowCap));
  const hidden = matchCount(view) - shown.length;
  return [
    section(`*Which student?* ${text(matchesIntro(view))}`),
    ...shown.map((candidate) =>
      section(
        `*${name(candidate.name)}* · \`${text(candidate.id)}\`\n${text(candidate.detail)}`,
        button(ids, { label: 'Open', action: showStudent(candidate.id) }) ?? undefined,
      ),
    ),
    ...(hidden > 0 ? [context([moreMatchesLine(hidden)])] : []),
    ...actions(ids, view.buttons),
  ];
}

function channelsBlocks(view: ChannelsView, rowCap: number): Block[] {
  const links = lines(
    view.links.map(
      (link) =>
        `*${text(link.channel)}* (${link.platform}) → ${text(link.group)} · linked by ${text(link.linkedBy)} on ${formatDay(link.linkedAt)}`,
    ),
    rowCap,
  );
  return [
    header('Linked channels'),
    section(
      view.links.length === 0
        ? 'No channel is linked yet. An admin can type `link <programme/year | tutor>` in a channel.'
        : links.text,
    ),
    ...(links.hidden > 0 ? [context([moreLine(links.hidden)])] : []),
  ];
}

/** The button that opens a form as a modal (a message cannot hold the inputs themselves). */
function formOpener(view: FormView): ChatAction {
  const submit = view.submit.action;
  if (submit.op === 'addCaseNote') return { op: 'openCaseNoteForm', caseId: submit.caseId };
  if (submit.op === 'openCase') return { op: 'openCaseForm', studentId: view.student.id };
  if (submit.op === 'addContextNote') return { op: 'openContextNoteForm' };
  return { op: 'openContactForm', studentId: view.student.id };
}

function formMessageBlocks(view: FormView, ids: ActionIds): Block[] {
  return [
    section(`*${text(view.title)}* — ${name(view.student.name)} · \`${text(view.student.id)}\``),
    ...actions(ids, [{ label: view.title, action: formOpener(view), style: 'primary' }]),
  ];
}

function option(value: string, label: string): PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(label, SLACK_OPTION_TEXT_MAX) },
    value: truncate(value, SLACK_OPTION_VALUE_MAX),
  };
}

function inputBlock(field: FormField): Block {
  const label = { type: 'plain_text' as const, text: truncate(field.label, SLACK_INPUT_LABEL_MAX) };
  const ids = { block_id: truncate(field.id, SLACK_ID_MAX), label };
  switch (field.kind) {
    case 'choice': {
      const options = field.options
        .slice(0, SLACK_MAX_OPTIONS)
        .map((choice) => option(choice.value, choice.label));
      const initial = options.find((choice) => choice.value === field.value);
      return {
        type: 'input',
        ...ids,
        element: {
          type: 'static_select',
          action_id: truncate(field.id, SLACK_ID_MAX),
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      };
    }
    case 'text':
      return {
        type: 'input',
        ...ids,
        optional: !field.required,
        element: {
          type: 'plain_text_input',
          action_id: truncate(field.id, SLACK_ID_MAX),
          multiline: field.multiline,
          max_length: Math.min(field.maxLength, SLACK_TEXT_INPUT_MAX),
        },
      };
    case 'date':
      return {
        type: 'input',
        ...ids,
        element: {
          type: 'datepicker',
          action_id: truncate(field.id, SLACK_ID_MAX),
          initial_date: field.value,
        },
      };
  }
}

/** What Slack shows in notifications and where blocks cannot be shown. */
function fallbackText(view: View): string {
  switch (view.kind) {
    case 'digest':
      return `${view.title}: ${view.sections.map((list) => `${list.title} ${list.total}`).join(', ') || 'nothing to report'}`;
    case 'bands':
    case 'governance':
      return `${view.title} — week ${view.week}`;
    case 'student-list':
      return `${view.title}: ${view.section.total} students`;
    case 'student':
      return `${view.student.name} (${view.student.id}): score ${formatScore(view.score)}${view.confirmation ? ` — ${view.confirmation}` : ''}`;
    case 'case':
      return `Case for ${view.student.name} (${view.student.id}): ${view.status}${view.confirmation ? ` — ${view.confirmation}` : ''}`;
    case 'model-scorecard':
      return `${view.title}: ${view.subtitle}`;
    case 'student-self':
      return view.confirmation ?? view.title;
    case 'help':
      return 'Engage commands';
    case 'notice':
      return `${view.title}: ${view.text}`;
    case 'choose-student':
      return matchesIntro(view);
    case 'channels':
      return `${view.links.length} linked channels`;
    case 'form':
      return `${view.title}: ${view.student.name}`;
  }
}
