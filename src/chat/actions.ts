/**
 * What a button or form sends back from a card, on every platform: a small tagged object validated with
 * zod at the boundary (a Teams invoke's `data`, a Slack button's `value`, a preview POST). Form inputs are
 * merged into the submitted object by the platform adapter before parsing.
 */
import { z } from 'zod';
import { CONTACT_CHANNELS } from '../domain/model.ts';
import { CONTEXT_NOTE_MAX } from '../students/contextNoteForm.ts';
import {
  EXEMPTION_CATEGORIES,
  EXEMPTION_NOTE_MAX,
  exemptionDaySchema,
} from '../exemptions/exemptionRules.ts';

const studentId = z.string().min(1).max(64);
const page = z.number().int().min(1).max(1000).default(1);
/** Where a claim button was pressed: the card it came from is the one redrawn for everyone. */
const claimOrigin = z.enum(['card', 'digest']).default('card');
const sourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/)
  .max(64);
/** A delivery's content fingerprint (a SHA-256 in hex, or a connector's page or statement id). */
const deliveryId = z.string().min(1).max(200);

export const chatActionSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('showStudent'), studentId }),
  z.object({ op: z.literal('showDigest'), page }),
  z.object({
    op: z.literal('showList'),
    list: z.enum(['declining', 'at-risk', 'consistently-low', 'priority-contact', 'recovering']),
    page,
  }),
  z.object({ op: z.literal('showBands') }),
  z.object({ op: z.literal('showBand'), band: z.number().int().min(0).max(4), page }),
  z.object({ op: z.literal('openContactForm'), studentId }),
  z.object({
    op: z.literal('logContact'),
    studentId,
    channel: z.enum(CONTACT_CHANNELS),
    note: z.string().max(500).default(''),
    /** yyyy-mm-dd; defaults to today. */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  z.object({ op: z.literal('openCaseForm'), studentId }),
  z.object({
    op: z.literal('openCase'),
    studentId,
    reason: z.string().min(1).max(500),
    ownerId: z.string().min(1).max(64).optional(),
  }),
  z.object({ op: z.literal('openCaseNoteForm'), caseId: z.string().min(1).max(64) }),
  z.object({
    op: z.literal('addCaseNote'),
    caseId: z.string().min(1).max(64),
    note: z.string().min(1).max(1000),
  }),
  z.object({ op: z.literal('showCase'), caseId: z.string().min(1).max(64) }),
  z.object({ op: z.literal('snooze'), studentId }),
  // "I'll contact" and its release, from the student card or a digest row (then the digest page is redrawn).
  z.object({ op: z.literal('claim'), studentId, from: claimOrigin, page }),
  z.object({ op: z.literal('releaseClaim'), studentId, from: claimOrigin, page }),
  // "Known reason" exemptions (src/exemptions/): the last day's range is checked against today by the handler.
  z.object({ op: z.literal('openExemptionForm'), studentId }),
  z.object({
    op: z.literal('setExemption'),
    studentId,
    category: z.enum(EXEMPTION_CATEGORIES),
    note: z.string().trim().max(EXEMPTION_NOTE_MAX).default(''),
    /** The last day the student is left out, yyyy-mm-dd. */
    until: exemptionDaySchema,
  }),
  z.object({ op: z.literal('endExemption'), exemptionId: z.string().min(1).max(64) }),
  // A student's own view and context notes (src/students/).
  z.object({ op: z.literal('showMyEngagement') }),
  z.object({ op: z.literal('openContextNoteForm') }),
  z.object({
    op: z.literal('addContextNote'),
    text: z.string().trim().min(1).max(CONTEXT_NOTE_MAX),
    /** The last day the note applies to, yyyy-mm-dd; none: until withdrawn. */
    until: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  z.object({ op: z.literal('withdrawContextNote'), noteId: z.string().min(1).max(64) }),
  // Feed health (src/feedHealth/): an admins' card's buttons on a delivery the volume guard held.
  z.object({ op: z.literal('approveHeldDelivery'), sourceId, deliveryId }),
  z.object({ op: z.literal('discardHeldDelivery'), sourceId, deliveryId }),
  z.object({ op: z.literal('contactSourceOwner'), sourceId }),
]);

export type ChatAction = z.input<typeof chatActionSchema>;
export type ParsedChatAction = z.output<typeof chatActionSchema>;
