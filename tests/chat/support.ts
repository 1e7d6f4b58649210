/**
 * The chat tests' world: the real embedded store seeded with a synthetic institution and every term week
 * scored, the chat app over it with the real chart linker (signed links to stored chart data), and chat
 * contexts for its staff (tutors, caseworkers, a manager, an administrator) in a channel or a personal chat.
 */
import { randomBytes } from 'node:crypto';
import { createChartLinker } from '../../adapters/http/charts.ts';
import { isTermWeek, type Staff, type StaffRole, type Student } from '../../src/domain/model.ts';
import { createChatApp, type EngageChatApp } from '../../src/chat/app.ts';
import type { ChatContext, ChatPlace } from '../../src/chat/ports.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

export interface ChatWorld {
  seeded: SeededStore;
  app: EngageChatApp;
  staff: Staff[];
  students: Student[];
  close(): Promise<void>;
}

export const PUBLIC_BASE_URL = 'https://engage.test';

export async function openChatWorld(options: { students?: number; weeks?: number } = {}): Promise<ChatWorld> {
  const seeded = await openSeededStore({ students: options.students ?? 300, weeks: options.weeks ?? 8 });
  for (const entry of seeded.institution.calendar.filter(isTermWeek)) {
    await scoreAndStoreWeek(seeded.repos, entry.week);
  }
  const charts = createChartLinker({
    charts: seeded.repos.chartImages,
    publicBaseUrl: PUBLIC_BASE_URL,
    signingKey: randomBytes(32),
  });
  const app = createChatApp({ repos: seeded.repos, charts });
  return {
    seeded,
    app,
    staff: seeded.institution.staff,
    students: seeded.institution.students,
    close: () => seeded.close(),
  };
}

export function staffWithRole(
  world: ChatWorld,
  role: StaffRole,
  test: (staff: Staff) => boolean = () => true,
): Staff {
  const found = world.staff.find((staff) => staff.roles.includes(role) && test(staff));
  if (!found) throw new Error(`no synthetic staff member with role ${role}`);
  return found;
}

/** A chat context for a member of staff: the platform supplies their email unless told not to. */
export function contextFor(
  staff: Pick<Staff, 'id' | 'email'>,
  place: Partial<ChatPlace> = {},
  options: { withEmail?: boolean; userId?: string; now?: Date } = {},
): ChatContext {
  const platform = place.platform ?? 'slack';
  return {
    user: {
      platform,
      id: options.userId ?? `U-${staff.id}`,
      ...(options.withEmail === false ? {} : { email: staff.email }),
    },
    place: {
      platform,
      channelId: place.channelId ?? `D-${staff.id}`,
      kind: place.kind ?? 'personal',
      ...place,
    },
    now: options.now ?? new Date('2026-12-01T10:32:00Z'),
  };
}
