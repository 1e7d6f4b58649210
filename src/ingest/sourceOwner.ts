/**
 * A source's technical owner: the person to contact when its feed is late, poor or held (the source
 * product's advice: every feed has a named owner). Set with `engage sources owner`, shown by `engage
 * sources` and chat `sources`, named on the admins' feed-health cards. zod-validated.
 */
import { z } from 'zod';
import type { SourceOwner } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import { SourceAdminError } from './sourceAdmin.ts';

export const sourceOwnerSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(200).nullable().default(null),
    /** A chat handle as people type it: "@sam.lee" (Slack) or a Teams user's name. */
    chatHandle: z.string().trim().min(2).max(100).nullable().default(null),
  })
  .refine((owner) => owner.email !== null || owner.chatHandle !== null, {
    message: 'give an email address or a chat handle',
    path: ['email'],
  });

/** Records (or replaces) the source's technical owner; throws a ZodError on a bad name or contact. */
export async function setSourceOwner(repos: Repositories, id: string, input: unknown): Promise<SourceOwner> {
  const owner = sourceOwnerSchema.parse(input);
  const source = (await repos.sources.listSources()).find((candidate) => candidate.id === id);
  if (!source) throw new SourceAdminError(`unknown source "${id}"`);
  await repos.sources.saveSources([{ ...source, owner }]);
  return owner;
}

/** How to reach the owner in words: "Sam Lee (sam@uni.ac.uk, mailto:sam@uni.ac.uk)" or "Sam Lee (@sam)". */
export function ownerContact(owner: SourceOwner): string {
  const ways = [
    ...(owner.email ? [`${owner.email}, mailto:${owner.email}`] : []),
    ...(owner.chatHandle ? [owner.chatHandle] : []),
  ];
  return `${owner.name} (${ways.join('; ')})`;
}
