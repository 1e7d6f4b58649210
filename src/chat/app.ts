/**
 * The chat application every platform adapter calls: typed commands, button and form actions, and the
 * home tab, answered with views as data (views/viewModel.ts). Resolves who is asking and where first; a
 * student is answered by students/studentChat.ts (their own view only), anyone else unknown gets a plain
 * notice and nothing else. `buildDigests` builds every linked channel's digest from one read of the
 * week's signals, for the posting job.
 */
import type { Repositories } from '../repositories/index.ts';
import type { ChannelLink } from '../repositories/channelLinks.ts';
import type { ParsedChatAction } from './actions.ts';
import { isAdmin, makeViewer, seesNames, type Viewer } from './context/access.ts';
import { linkChannel, listChannels, setDigestRows, unlinkChannel } from './handlers/adminChannels.ts';
import { rulePreviewReport, rulesReport, sourcesReport } from './handlers/adminReports.ts';
import { addNote, openCase, openCaseForm, openCaseNoteForm, showCase } from './handlers/caseActions.ts';
import { parseCommand } from './commands.ts';
import { logContact, openContactForm } from './handlers/contactActions.ts';
import { createCore, type ChatAppOptions, type ChatCore } from './core.ts';
import {
  bandFor,
  bandsFor,
  buildDigests,
  digestFor,
  homeFor,
  listFor,
  type LinkedDigest,
} from './handlers/digests.ts';
import { buildHelpView } from './views/help.ts';
import { modelScorecardFor } from './handlers/modelScorecard.ts';
import { denied, IDENTITY_UNCHECKED, notice, UNKNOWN_USER } from './views/notices.ts';
import type { ChartLinker, ChatApp, ChatContext, ChatResponse } from './ports.ts';
import { snooze } from './handlers/snooze.ts';
import { claim, releaseClaim } from './handlers/claims.ts';
import { endExemption, openExemptionForm, setKnownReason } from './handlers/exemptions.ts';
import { settleHeldDelivery, sourceOwnerContact } from './handlers/feedActions.ts';
import { findStudent, showStudentById } from './handlers/studentLookup.ts';
import { studentViewCommand } from '../students/adminSettings.ts';
import { studentChat } from '../students/studentChat.ts';
import type { View } from './views/viewModel.ts';

export type { ChatAppOptions } from './core.ts';
export type { LinkedDigest } from './handlers/digests.ts';

export interface ChatAppDeps {
  repos: Repositories;
  charts: ChartLinker;
  options?: ChatAppOptions;
}

export interface EngageChatApp extends ChatApp {
  /**
   * The digest of every linked channel (the governance summary for managers' channels), for posting;
   * null when no week has been scored yet.
   */
  buildDigests(links: readonly ChannelLink[], now: Date): Promise<LinkedDigest[] | null>;
}

const reply = (view: View): ChatResponse => ({ view, mode: 'reply' });

/** Why nobody was resolved: not known to Engage, or the platform could not say who it was just now. */
const unknownUser = (context: ChatContext) => (context.user.lookupFailed ? IDENTITY_UNCHECKED : UNKNOWN_USER);

export function createChatApp(deps: ChatAppDeps): EngageChatApp {
  const core = createCore(deps.repos, deps.charts, deps.options);
  const students = studentChat(core);

  async function viewerFor(context: ChatContext): Promise<Viewer | null> {
    const staff = await core.resolveStaff(context);
    if (!staff) return null;
    const link = await core.linkFor(context.place.platform, context.place.channelId);
    return makeViewer(staff, context, link);
  }

  return {
    async command(context, text) {
      const viewer = await viewerFor(context);
      if (!viewer) return (await students.command(context, text)) ?? reply(unknownUser(context));
      return runCommand(core, viewer, text, context.now);
    },
    async action(context, action) {
      const viewer = await viewerFor(context);
      if (!viewer) return (await students.action(context, action)) ?? reply(unknownUser(context));
      return runAction(core, viewer, action, context.now);
    },
    async home(context) {
      const viewer = await viewerFor(context);
      if (!viewer) return (await students.home(context)) ?? unknownUser(context);
      return homeFor(core, viewer, context.now);
    },
    buildDigests: (links, now) => buildDigests(core, links, now),
  };
}

async function runCommand(core: ChatCore, viewer: Viewer, text: string, now: Date): Promise<ChatResponse> {
  const command = parseCommand(text);
  switch (command.kind) {
    case 'student':
      return findStudent(core, viewer, command.query, now);
    case 'digest':
      return reply(await digestFor(core, viewer, 1, now));
    case 'digest-rows':
      return reply(await setDigestRows(core, viewer, command.rows));
    case 'declining':
      return reply(await listFor(core, viewer, 'declining', 1, now));
    case 'priority':
      return reply(await listFor(core, viewer, 'priority-contact', 1, now));
    case 'bands':
      return reply(await bandsFor(core, viewer, now));
    case 'help':
      return reply(
        buildHelpView({
          seesNames: seesNames(viewer),
          admin: isAdmin(viewer),
          manager: viewer.roles.has('manager'),
        }),
      );
    case 'model':
      return reply(await modelScorecardFor(core, viewer));
    case 'link':
      return reply(await linkChannel(core, viewer, command.target, now));
    case 'unlink':
      return reply(await unlinkChannel(core, viewer));
    case 'channels':
      return reply(await listChannels(core, viewer));
    case 'sources':
      return reply(await sourcesReport(core, viewer, now));
    case 'rules':
      return reply(await rulesReport(core, viewer));
    case 'rule-preview':
      return reply(await rulePreviewReport(core, viewer, command.ruleId, now));
    case 'student-view':
      return reply(await studentViewCommand(core, viewer, command.args, now));
    case 'unknown':
      return reply(
        notice(
          'info',
          'Not understood',
          `Engage did not understand "${command.text}". Type "help" to see what it understands.`,
        ),
      );
  }
}

async function runAction(
  core: ChatCore,
  viewer: Viewer,
  action: ParsedChatAction,
  now: Date,
): Promise<ChatResponse> {
  switch (action.op) {
    case 'showStudent':
      return showStudentById(core, viewer, action.studentId, now);
    case 'showDigest':
      return paged(await digestFor(core, viewer, action.page, now), action.page);
    case 'showList':
      return paged(await listFor(core, viewer, action.list, action.page, now), action.page);
    case 'showBands':
      return reply(await bandsFor(core, viewer, now));
    case 'showBand':
      return paged(
        await bandFor(core, viewer, action.band as 0 | 1 | 2 | 3 | 4, action.page, now),
        action.page,
      );
    case 'openContactForm':
      return openContactForm(core, viewer, action.studentId, now);
    case 'logContact':
      return logContact(core, viewer, action, now);
    case 'snooze':
      return snooze(core, viewer, action.studentId, now);
    case 'claim':
      return claim(core, viewer, action, now);
    case 'releaseClaim':
      return releaseClaim(core, viewer, action, now);
    case 'openExemptionForm':
      return openExemptionForm(core, viewer, action.studentId, now);
    case 'setExemption':
      return setKnownReason(core, viewer, action, now);
    case 'endExemption':
      return endExemption(core, viewer, action.exemptionId, now);
    case 'openCaseForm':
      return openCaseForm(core, viewer, action.studentId, now);
    case 'openCase':
      return openCase(core, viewer, action, now);
    case 'openCaseNoteForm':
      return openCaseNoteForm(core, viewer, action.caseId, now);
    case 'addCaseNote':
      return addNote(core, viewer, action, now);
    case 'showCase':
      return showCase(core, viewer, action.caseId, now);
    case 'approveHeldDelivery':
    case 'discardHeldDelivery':
      return settleHeldDelivery(core, viewer, action, now);
    case 'contactSourceOwner':
      return reply(await sourceOwnerContact(core, viewer, action.sourceId));
    case 'showMyEngagement':
    case 'openContextNoteForm':
    case 'addContextNote':
    case 'withdrawContextNote':
      return reply(denied('The student view and context notes are for students themselves.'));
  }
}

/** The first page of a list is a new message; later pages replace the card they were asked from. */
function paged(view: View, page: number): ChatResponse {
  return { view, mode: page > 1 ? 'update' : 'reply' };
}
