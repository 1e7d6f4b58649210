/**
 * The chat card model: every view Engage shows in Teams, Slack or the local preview, built once as plain
 * data by the chat core and rendered by each platform's renderer (Adaptive Card templates in `cards/`,
 * Block Kit in `adapters/slack/`). Views hold no platform syntax and no secrets; buttons carry a
 * `ChatAction` (see actions.ts). Images are already-signed URLs (see ports.ts `ChartLinker`).
 */
import type { ContactChannel, StudentStatus } from '../../domain/model.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { Trend } from '../../signals/studentSignals.ts';
import type { ModelTarget } from '../../prediction/targets.ts';
import type { ChatAction } from '../actions.ts';

/** A picture the server renders (trend chart, band distribution) at a signed, expiring URL. */
export interface ImageRef {
  url: string;
  alt: string;
}

/** A button: a label and the action it sends back. `style` hints emphasis where the platform has it. */
export interface Button {
  label: string;
  action: ChatAction;
  style?: 'primary' | 'danger';
}

/** One student in a list: the columns a tutor scans on a Monday. */
export interface StudentListRow {
  studentId: string;
  name: string;
  score: number;
  band: number;
  fourWeekChange: number | null;
  trend: Trend | null;
  /** Up to six latest scores, oldest first, for a text sparkline. */
  recentScores: number[];
  attendancePct: number | null;
  /** This week's registers are missing: shown as "missing this week", not as an earlier week's figure. */
  attendanceMissing: boolean;
  daysSinceContact: number | null;
  openCase: boolean;
  /** Predicted trajectory and the strongest reason in plain words, when the AI layer has a prediction. */
  trajectory?: string | null;
  topReason?: string | null;
  /** The student has a current context note for their tutor (shown as a marker on the row). */
  contextNote?: boolean;
  /** Who is contacting the student ("Sam Lee is contacting · 09:12"), or that a claim lapsed, in words. */
  claim?: string;
  /** In a programme channel's digest: the student's personal tutor (rows are grouped by tutor). */
  tutor?: string;
  /** In a digest: the student's exemption ended in the week before ("returning from exemption"). */
  returning?: boolean;
  /** In a digest: what can be done from the row itself ("I'll contact" or "Release", "Known reason"). */
  buttons?: Button[];
}

export interface ListSectionView {
  key: 'declining' | 'at-risk' | 'consistently-low' | 'priority-contact' | 'recovering' | 'band';
  title: string;
  /** What puts a student on the list, in words ("score fell more than 100 points over four weeks"). */
  rule: string;
  total: number;
  /** How many of the list's students earlier pages showed: `rows` are numbers offset + 1 onwards. */
  offset: number;
  rows: StudentListRow[];
  /** In a digest, when the list is longer than the rows shown: the button to the whole list. */
  more?: Button;
}

export interface DigestView {
  kind: 'digest';
  /** "Monday digest — BSc Computer Science, year 2". */
  title: string;
  groupLabel: string;
  week: IsoWeek;
  /** Date the digest describes, ISO yyyy-mm-dd. */
  asOf: string;
  scored: number;
  sections: ListSectionView[];
  /** Peer groups whose week was a shared cause (exam week, cancelled event), in words. */
  sharedCauseNotes: string[];
  /** The week's suspect feeds in one line ("Moodle data for this week arrived 3 days late: …"). */
  feedNotes?: string[];
  distribution: BandsSummary;
  chart: ImageRef | null;
  snoozedCount: number;
  /** Students counted, not listed, besides the snoozed: claimed and contacted, exempt with a known reason. */
  notListed?: { claimedAndContacted: number; knownReason: number };
  /** A programme channel's digest: listed students per personal tutor, most needing action first. */
  byTutor?: DigestTutorsView;
  buttons: Button[];
}

export interface DigestTutorsView {
  tutors: { name: string; needsAction: number; listed: number }[];
  /** Tutors with listed students beyond those shown ("and 4 more tutors"). */
  moreTutors: number;
}

export interface BandsSummary {
  bands: {
    band: number;
    label: string;
    from: number;
    to: number;
    count: number;
    share: number;
    /** 1–4 students in an aggregate view: count and share are 0 and shown as "fewer than 5". */
    suppressed?: boolean;
  }[];
  scored: number;
}

export interface BandsView {
  kind: 'bands';
  title: string;
  week: IsoWeek;
  summary: BandsSummary;
  chart: ImageRef | null;
  /** One "show" button per band, for the drill-in. */
  buttons: Button[];
}

export interface StudentListView {
  kind: 'student-list';
  title: string;
  week: IsoWeek;
  section: ListSectionView;
  page: number;
  pageCount: number;
  buttons: Button[];
}

export interface SourceExplanationRow {
  source: string;
  measure: string;
  peerMedian: string;
  normalScore: number | null;
  /** Share of the composite, 0–1. */
  weight: number;
  contribution: number;
}

export interface StudentCardView {
  kind: 'student';
  student: {
    id: string;
    name: string;
    programme: string;
    yearOfStudy: number;
    status: StudentStatus;
    tutor: string | null;
  };
  week: IsoWeek | null;
  score: number | null;
  band: number | null;
  bandLabel: string | null;
  fourWeekChange: number | null;
  trend: Trend | null;
  attendancePct: number | null;
  attendanceMissing: boolean;
  daysSinceContact: number | null;
  chart: ImageRef | null;
  explanation: SourceExplanationRow[];
  /** The AI layer's trajectory, calibrated risk and reasons in words, when it has a prediction. */
  prediction?: { trajectory: string; risk: number; reasons: string[]; target?: ModelTarget } | null;
  activeCase: { id: string; status: string; reason: string; owner: string; openedAt: string } | null;
  contacts: { at: string; channel: ContactChannel; by: string; note: string }[];
  /** Context in words: not scored because of status, shared-cause weeks, snoozed in this channel. */
  notes: string[];
  /** Who is contacting the student ("Sam Lee is contacting · 09:12"), or that a claim lapsed, in words. */
  claim?: string | null;
  /** Set after an action refreshed the card in place: "Contact logged by Sam Lee, 10:32". */
  confirmation: string | null;
  buttons: Button[];
}

export interface CaseCardView {
  kind: 'case';
  caseId: string;
  student: { id: string; name: string };
  status: string;
  reason: string;
  owner: string;
  openedAt: string;
  timeline: { at: string; kind: string; text: string; by: string }[];
  confirmation: string | null;
  buttons: Button[];
}

/** Aggregates only, never a name. */
export interface GovernanceView {
  kind: 'governance';
  title: string;
  week: IsoWeek;
  scopeLabel: string;
  figures: { label: string; value: string }[];
  summary: BandsSummary;
  chart: ImageRef | null;
}

/** The risk model's scorecard, for administrators and managers: headline figures and the calibration chart. */
export interface ModelScorecardView {
  kind: 'model-scorecard';
  title: string;
  /** The active version and its status, or how to get a model when there is none. */
  subtitle: string;
  facts: { label: string; value: string }[];
  chart: ImageRef | null;
  notes: string[];
}

/** A student's own view (students/selfView.ts): only their own trend, in words, and their context notes. */
export interface StudentSelfView {
  kind: 'student-self';
  title: string;
  /** The trend in plain sentences, never a verdict. */
  trend: string[];
  /** The latest score, only when the institution shows students their score. */
  score: number | null;
  /** The trend chart: its shape against the peers' average, with a score axis only when scores are shown. */
  chart: ImageRef | null;
  /** What kinds of data the trend is worked out from, one line each. */
  dataKinds: string[];
  /** Counts only, and never used for academic progression decisions. */
  assurances: string[];
  /** Who to contact, as the institution words it. */
  contact: string;
  notes: {
    id: string;
    text: string;
    added: string;
    until: string | null;
    current: boolean;
    withdraw: Button;
  }[];
  confirmation: string | null;
  buttons: Button[];
}

export interface HelpView {
  kind: 'help';
  commands: { usage: string; description: string }[];
  adminCommands: { usage: string; description: string }[];
}

export interface NoticeView {
  kind: 'notice';
  tone: 'info' | 'success' | 'warning' | 'denied' | 'error';
  title: string;
  text: string;
  buttons: Button[];
}

export interface ChooseStudentView {
  kind: 'choose-student';
  query: string;
  candidates: { id: string; name: string; detail: string }[];
  /** How many more students the viewer may see also match, when the candidates were cut ("and 4 more"). */
  more?: number;
  buttons: Button[];
}

export interface ChannelsView {
  kind: 'channels';
  links: { channel: string; platform: string; group: string; linkedBy: string; linkedAt: string }[];
}

/** A form: log contact, open case, add case note. Submitting sends `submit` with the inputs merged in. */
export interface FormView {
  kind: 'form';
  form: 'log-contact' | 'open-case' | 'case-note' | 'context-note' | 'known-reason';
  title: string;
  student: { id: string; name: string };
  fields: FormField[];
  submit: Button;
}

export type FormField =
  | { kind: 'choice'; id: string; label: string; options: { value: string; label: string }[]; value: string }
  | { kind: 'text'; id: string; label: string; multiline: boolean; maxLength: number; required: boolean }
  | { kind: 'date'; id: string; label: string; value: string };

export type View =
  | DigestView
  | BandsView
  | StudentListView
  | StudentCardView
  | CaseCardView
  | GovernanceView
  | ModelScorecardView
  | StudentSelfView
  | HelpView
  | NoticeView
  | ChooseStudentView
  | ChannelsView
  | FormView;

export type ViewKind = View['kind'];
