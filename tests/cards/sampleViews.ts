/**
 * Realistic chat views of every kind for the renderer tests: ordinary ones, ones full of nulls and empty
 * lists, unicode and very long names, and huge ones (2,000-row sections, long notes) that must degrade.
 */
import type {
  BandsSummary,
  Button,
  DigestView,
  ListSectionView,
  StudentListRow,
  View,
  ViewKind,
} from '../../src/chat/views/viewModel.ts';
import { buildModelScorecardView } from '../../src/chat/handlers/modelScorecard.ts';
import type { Scorecard } from '../../src/prediction/scorecard.ts';

const NAMES = [
  'Aoife Ní Bhriain',
  'Zoë Łukasiewicz',
  '李小龍',
  'Jean-Baptiste Ôrsted',
  'Mohammed Al-Farsi',
  'Sam Lee',
];

export const CHART = {
  url: 'https://engage.example.ac.uk/charts/abc.png?exp=1790000000&sig=x',
  alt: 'Weekly score',
};

export function studentRow(index: number, overrides: Partial<StudentListRow> = {}): StudentListRow {
  const score = 180 + ((index * 37) % 300);
  return {
    studentId: `S${String(100000 + index)}`,
    name: `${NAMES[index % NAMES.length]} ${index}`,
    score,
    band: Math.floor(score / 200),
    fourWeekChange: index % 5 === 0 ? null : -150 + ((index * 13) % 200),
    trend: index % 5 === 0 ? null : index % 3 === 0 ? 'up' : index % 3 === 1 ? 'down' : 'flat',
    recentScores: [520, 480, 430, score],
    attendancePct: index % 4 === 0 ? null : 40 + (index % 60),
    attendanceMissing: index % 8 === 0,
    daysSinceContact: index % 6 === 0 ? null : index % 40,
    openCase: index % 7 === 0,
    ...claimOf(index),
    ...overrides,
  };
}

/** Every third row claimed ("Release"), the others with "I'll contact", as a digest's rows are. */
function claimOf(index: number): Pick<StudentListRow, 'claim' | 'buttons'> {
  const studentId = `S${String(100000 + index)}`;
  if (index % 3 === 2) {
    return {
      claim: `${NAMES[(index + 1) % NAMES.length]} is contacting · 09:12`,
      buttons: [button('Release', { op: 'releaseClaim', studentId, from: 'digest', page: 1 })],
    };
  }
  return { buttons: [button("I'll contact", { op: 'claim', studentId, from: 'digest', page: 1 })] };
}

function button(label: string, action: Button['action'], style?: Button['style']): Button {
  return style ? { label, action, style } : { label, action };
}

export function section(
  key: ListSectionView['key'],
  rows: number,
  total = rows,
  withMore = false,
): ListSectionView {
  const list = key === 'at-risk' || key === 'band' ? 'declining' : key;
  return {
    key,
    title:
      key === 'declining'
        ? 'Declining'
        : key === 'priority-contact'
          ? 'Priority contact'
          : 'Consistently low',
    rule: 'score fell more than 100 points over four weeks',
    total,
    offset: 0,
    rows: Array.from({ length: rows }, (_, index) => studentRow(index)),
    ...(withMore ? { more: button('Show more', { op: 'showList', list, page: 2 }) } : {}),
  };
}

export const SUMMARY: BandsSummary = {
  scored: 412,
  bands: [
    { band: 0, label: '0–199', from: 0, to: 199, count: 12, share: 0.029 },
    { band: 1, label: '200–399', from: 200, to: 399, count: 80, share: 0.194 },
    { band: 2, label: '400–599', from: 400, to: 599, count: 220, share: 0.534 },
    { band: 3, label: '600–799', from: 600, to: 799, count: 98, share: 0.238 },
    { band: 4, label: '800–1000', from: 800, to: 1000, count: 2, share: 0.004 },
  ],
};

const digestButtons: Button[] = [
  button('Band distribution', { op: 'showBands' }),
  button('Priority contacts', { op: 'showList', list: 'priority-contact', page: 1 }, 'primary'),
];

/** One view of every kind with rows sized by `rows` (use 2,000 for the degradation tests). */
export function viewsOfEveryKind(rows: number): { [Kind in ViewKind]: Extract<View, { kind: Kind }> } {
  const longNote = 'Family bereavement; extension agreed with the module leader. '.repeat(
    rows > 100 ? 200 : 1,
  );
  return {
    digest: {
      kind: 'digest',
      title: 'Monday digest — BSc Computer Science, year 2',
      groupLabel: 'BSc Computer Science, year 2',
      week: '2026-W41',
      asOf: '2026-10-05',
      scored: 412,
      sections: [
        section('declining', rows, rows + 12, true),
        section('consistently-low', rows),
        section('priority-contact', 0),
      ],
      sharedCauseNotes: ['Week 2026-W40 was a shared cause for BSc CS year 2 (reading week).'],
      distribution: SUMMARY,
      chart: CHART,
      snoozedCount: 2,
      buttons: digestButtons,
    },
    bands: {
      kind: 'bands',
      title: 'Band distribution',
      week: '2026-W41',
      summary: SUMMARY,
      chart: CHART,
      buttons: SUMMARY.bands.map((band) =>
        button(`Show ${band.label}`, { op: 'showBand', band: band.band, page: 1 }),
      ),
    },
    'student-list': {
      kind: 'student-list',
      title: 'Declining',
      week: '2026-W41',
      section: section('declining', rows, rows * 3, true),
      page: 1,
      pageCount: 3,
      buttons: [button('Back to digest', { op: 'showDigest', page: 1 })],
    },
    student: {
      kind: 'student',
      student: {
        id: 'S100042',
        name: 'Zoë Łukasiewicz-Ní Bhriain 李',
        programme: 'BSc Computer Science',
        yearOfStudy: 2,
        status: 'active',
        tutor: 'Sam Lee',
      },
      week: '2026-W41',
      score: 287,
      band: 1,
      bandLabel: '200–399',
      fourWeekChange: -143,
      trend: 'down',
      attendancePct: 61,
      attendanceMissing: false,
      daysSinceContact: 19,
      chart: CHART,
      explanation: Array.from({ length: Math.min(rows, 400) }, (_, index) => ({
        source: ['Attendance', 'VLE', 'Library', 'Other'][index % 4] ?? 'Other',
        measure: `${3 + index} sessions`,
        peerMedian: '7 sessions',
        normalScore: index % 4 === 3 ? null : -1.23 + index / 10,
        weight: 0.4,
        contribution: -0.49,
      })),
      activeCase: {
        id: 'C-17',
        status: 'open',
        reason: 'Missed three tutorials',
        owner: 'Sam Lee',
        openedAt: '2026-09-28',
      },
      contacts: Array.from({ length: rows }, (_, index) => ({
        at: '2026-10-01',
        channel: (['meeting', 'call', 'email', 'message'] as const)[index % 4] ?? 'meeting',
        by: 'Sam Lee',
        note: index === 0 ? longNote : 'Checked in after the lab.',
      })),
      notes: ['Week 2026-W40 was a shared cause for the peer group.', longNote],
      claim: 'Sam Lee is contacting · 09:12',
      confirmation: 'Contact logged by Sam Lee, 10:32',
      buttons: [
        button('Log contact', { op: 'openContactForm', studentId: 'S100042' }, 'primary'),
        button('Release', { op: 'releaseClaim', studentId: 'S100042' }),
        button('Open case', { op: 'openCaseForm', studentId: 'S100042' }),
        button('Snooze a week', { op: 'snooze', studentId: 'S100042' }),
      ],
    },
    case: {
      kind: 'case',
      caseId: 'C-17',
      student: { id: 'S100042', name: 'Zoë Łukasiewicz' },
      status: 'open',
      reason: 'Missed three tutorials',
      owner: 'Sam Lee',
      openedAt: '2026-09-28',
      timeline: Array.from({ length: rows }, (_, index) => ({
        at: `2026-10-${String(1 + (index % 28)).padStart(2, '0')}`,
        kind: index % 2 === 0 ? 'note' : 'contact',
        text: index === 0 ? longNote : 'Score trend cited: 430 → 287 over four weeks.',
        by: 'Sam Lee',
      })),
      confirmation: null,
      buttons: [button('Add note', { op: 'openCaseNoteForm', caseId: 'C-17' })],
    },
    governance: {
      kind: 'governance',
      title: 'Governance summary',
      week: '2026-W41',
      scopeLabel: 'Faculty of Science',
      figures: Array.from({ length: Math.max(3, Math.min(rows, 300)) }, (_, index) => ({
        label: index === 0 ? 'Declining over six weeks' : `Figure ${index}`,
        value: index === 0 ? '15% of Year 1 students' : `${index}%`,
      })),
      summary: SUMMARY,
      chart: null,
    },
    'model-scorecard': buildModelScorecardView(
      sampleScorecard(rows),
      { enabled: true, minHistoryWeeks: 8 },
      CHART,
    ),
    'student-self': {
      kind: 'student-self',
      title: 'Your engagement, Zoë',
      trend: [
        "Your engagement has been lower than your peers' for three weeks.",
        'It has been rising for two weeks.',
      ],
      score: null,
      chart: CHART,
      dataKinds: [
        'Attendance: how many of your timetabled sessions were recorded as attended',
        'The library: how many loans and visits, not what you borrowed',
      ],
      assurances: [
        'Engage keeps weekly counts only.',
        'This is never used for academic progression decisions.',
      ],
      contact: 'Talk to your personal tutor or email support@example.ac.uk.',
      notes: Array.from({ length: Math.min(rows, 50) }, (_, index) => ({
        id: `n${index}`,
        text: index === 0 ? longNote.slice(0, 300) : 'Family bereavement this week',
        added: '2026-11-30',
        until: index % 2 === 0 ? '2026-12-06' : null,
        current: true,
        withdraw: button('Withdraw', { op: 'withdrawContextNote', noteId: `n${index}` }),
      })),
      confirmation: 'Note added: your tutor sees it until 2026-12-06.',
      buttons: [button('Add a context note', { op: 'openContextNoteForm' }, 'primary')],
    },
    help: {
      kind: 'help',
      commands: [
        { usage: 'student <id or name>', description: 'Show a student: trend, sources, case, contacts' },
        { usage: 'digest', description: 'This week’s digest for this channel' },
        { usage: 'bands', description: 'The band distribution' },
      ],
      adminCommands: [
        { usage: 'link <programme/year | tutor>', description: 'Bind this channel to a tutor group' },
      ],
    },
    notice: {
      kind: 'notice',
      tone: 'denied',
      title: 'Not one of your students',
      text: 'You can look up your tutees and the students of groups linked to your channels.',
      buttons: [button('Help', { op: 'showDigest', page: 1 })],
    },
    'choose-student': {
      kind: 'choose-student',
      query: 'Lee',
      candidates: Array.from({ length: rows }, (_, index) => ({
        id: `S${200000 + index}`,
        name: `${NAMES[index % NAMES.length]} Lee`,
        detail: 'BSc Computer Science, year 2',
      })),
      buttons: [],
    },
    channels: {
      kind: 'channels',
      links: Array.from({ length: rows }, (_, index) => ({
        channel: `#cs-year-${index}`,
        platform: index % 2 === 0 ? 'slack' : 'teams',
        group: 'BSc Computer Science, year 2',
        linkedBy: 'Sam Lee',
        linkedAt: '2026-09-01',
      })),
    },
    form: {
      kind: 'form',
      form: 'log-contact',
      title: 'Log contact',
      student: { id: 'S100042', name: 'Zoë Łukasiewicz' },
      fields: [
        {
          kind: 'choice',
          id: 'channel',
          label: 'How',
          options: [
            { value: 'meeting', label: 'Meeting' },
            { value: 'call', label: 'Call' },
            { value: 'email', label: 'Email' },
            { value: 'message', label: 'Message' },
          ],
          value: 'meeting',
        },
        { kind: 'text', id: 'note', label: 'Note', multiline: true, maxLength: 500, required: false },
        { kind: 'date', id: 'date', label: 'Date', value: '2026-10-05' },
      ],
      submit: button(
        'Log contact',
        { op: 'logContact', studentId: 'S100042', channel: 'meeting' },
        'primary',
      ),
    },
  };
}

/** The same kinds with every optional value null or empty. */
/** A scorecard of a model evaluated on `weeks` term weeks (its training term's name long when there are many). */
export function sampleScorecard(weeks: number): Scorecard {
  const measured = Array.from({ length: Math.max(1, Math.min(weeks, 40)) }, (_, i) => i + 4);
  const term = weeks > 100 ? 'Autumn term 2025/26 — '.repeat(40) : '2025/26 Autumn';
  return {
    versionId: 'v3',
    status: 'active',
    trainedOn: { terms: [term], fromWeek: 4, toWeek: 12 },
    evaluatedOn: term,
    headline: {
      week: 8,
      count: 1204,
      baseRate: 0.31,
      auc: 0.78,
      prAuc: 0.61,
      brier: 0.158,
      flagged: 371,
      precision: 0.55,
      recall: 0.48,
    },
    operatingThreshold: 0.412,
    usefulFromWeek: 6,
    evaluatedWeeks: measured,
    calibration: [],
  };
}

export function sparseViews(): View[] {
  const views = viewsOfEveryKind(0);
  return [
    buildModelScorecardView(null, { enabled: false, minHistoryWeeks: 8 }, null),
    buildModelScorecardView(
      { ...sampleScorecard(1), headline: null, usefulFromWeek: null },
      { enabled: true, minHistoryWeeks: 8 },
      null,
    ),
    { ...views.digest, sections: [], sharedCauseNotes: [], chart: null, snoozedCount: 0, buttons: [] },
    { ...views.bands, summary: { scored: 0, bands: [] }, chart: null },
    {
      kind: 'student',
      student: {
        id: 'S1',
        name: 'A',
        programme: 'BA History',
        yearOfStudy: 1,
        status: 'placement',
        tutor: null,
      },
      week: null,
      score: null,
      band: null,
      bandLabel: null,
      fourWeekChange: null,
      trend: null,
      attendancePct: null,
      attendanceMissing: false,
      daysSinceContact: null,
      chart: null,
      explanation: [],
      activeCase: null,
      contacts: [],
      notes: [],
      confirmation: null,
      buttons: [],
    },
    { ...views.help, adminCommands: [] },
    { ...views.notice, buttons: [] },
    views.channels,
    views['choose-student'],
    { ...views.case, timeline: [] },
  ];
}

/**
 * A programme channel's digest: four lists of `rows` rows (12 more each) naming the student's tutor, ten tutors
 * counted and `moreTutors` more, 3 snoozed, 2 claimed and contacted, 1 with a known reason.
 */
export function programmeDigest(rows: number, moreTutors = 20): DigestView {
  const digest = viewsOfEveryKind(rows).digest;
  const withTutors = (list: ListSectionView): ListSectionView => ({
    ...list,
    rows: list.rows.map((row, index) => ({ ...row, tutor: `Dr Tutor-${index % 10}` })),
  });
  return {
    ...digest,
    sections: (['declining', 'at-risk', 'consistently-low', 'priority-contact'] as const)
      .map((key) => section(key, rows, rows + 12, true))
      .map(withTutors),
    snoozedCount: 3,
    notListed: { claimedAndContacted: 2, knownReason: 1 },
    byTutor: {
      tutors: Array.from({ length: 10 }, (_, index) => ({
        name: `Dr Tutor-${index}`,
        needsAction: 12 - index,
        listed: 30 - index,
      })),
      moreTutors,
    },
  };
}

/** Every view a renderer must handle, as `[kind, view]` rows for `it.each`: ordinary (4 rows), huge (2,000), sparse. */
export function everyRenderCase(): (readonly [View['kind'], View])[] {
  const ordinary = Object.values(viewsOfEveryKind(4));
  const huge = Object.values(viewsOfEveryKind(2000));
  const programme = [programmeDigest(4), programmeDigest(2000)];
  return [...ordinary, ...huge, ...programme, ...sparseViews()].map((view) => [view.kind, view] as const);
}

/** A digest whose one section holds one declining student: 287, ▼ −143, 61% attendance, 19 days, case open. */
export function digestOfOneDecliningStudent(): { row: StudentListRow; view: DigestView } {
  const row = studentRow(1, {
    score: 287,
    trend: 'down',
    fourWeekChange: -143,
    attendancePct: 61,
    daysSinceContact: 19,
    openCase: true,
  });
  const digest = viewsOfEveryKind(0).digest;
  return { row, view: { ...digest, sections: [{ ...section('declining', 0, 1), rows: [row] }] } };
}
