/**
 * The buttons of an admins' feed-health card: approve or discard a delivery the volume guard held (the
 * same approval `engage sources approve|discard` performs), and the source's technical owner's contact.
 * Administrators only; the card is replaced by what was done, by whom and when.
 */
import { approveDelivery, discardDelivery, IngestError } from '../../ingest/ingestDelivery.ts';
import { ownerContact } from '../../ingest/sourceOwner.ts';
import type { ParsedChatAction } from '../actions.ts';
import { isAdmin, type Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import type { ChatResponse } from '../ports.ts';
import { denied, notice } from '../views/notices.ts';
import type { View } from '../views/viewModel.ts';

const ADMIN_ONLY = denied('Approving, discarding and feed owners are for administrators.');

type HeldAction = Extract<ParsedChatAction, { op: 'approveHeldDelivery' | 'discardHeldDelivery' }>;

export async function settleHeldDelivery(
  core: ChatCore,
  viewer: Viewer,
  action: HeldAction,
  now: Date,
): Promise<ChatResponse> {
  if (!isAdmin(viewer)) return { view: ADMIN_ONLY, mode: 'reply' };
  const approve = action.op === 'approveHeldDelivery';
  const record = await core.repos.deliveries.find(action.sourceId, action.deliveryId);
  try {
    if (approve) await approveDelivery(core.repos, action.sourceId, action.deliveryId);
    else await discardDelivery(core.repos, action.sourceId, action.deliveryId);
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    const status = record ? `it is ${record.status}` : 'it is not in the delivery log';
    return {
      view: notice('info', 'Nothing to do', `This delivery is no longer held for approval: ${status}.`),
      mode: 'reply',
    };
  }
  const name = record ? `${record.name} (${record.rows} rows)` : action.deliveryId.slice(0, 12);
  const by = `${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}`;
  const view = approve
    ? notice(
        'success',
        'Held delivery approved',
        `${action.sourceId}: delivery ${name} approved and applied by ${by}. Its counts are used from the next scoring run.`,
      )
    : notice(
        'success',
        'Held delivery discarded',
        `${action.sourceId}: delivery ${name} discarded by ${by}. Its counts are not used; the delivery stays in the log.`,
      );
  return { view, mode: 'update' };
}

export async function sourceOwnerContact(core: ChatCore, viewer: Viewer, sourceId: string): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const source = (await core.repos.sources.listSources()).find((candidate) => candidate.id === sourceId);
  if (!source) return notice('error', 'No such source', `There is no source "${sourceId}".`);
  if (!source.owner) {
    return notice(
      'info',
      `${source.name}: no technical owner`,
      `Nobody is recorded as ${source.name}'s technical owner. Record one with "engage sources owner ${source.id} --name <name> --email <address>".`,
    );
  }
  return notice(
    'info',
    `Contact ${source.owner.name}`,
    `${source.name}'s technical owner: ${ownerContact(source.owner)}.`,
  );
}
