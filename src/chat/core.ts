/**
 * What every chat handler shares: the repositories, the chart linker, the week's signal snapshot and the
 * reference data caches, the identity resolver, channel links, and how times are shown. Built once by
 * createChatApp.
 */
import { ExpiringCache } from '../cache/expiringCache.ts';
import type { ChannelLink, ChatPlatform } from '../repositories/channelLinks.ts';
import type { Repositories } from '../repositories/index.ts';
import { identityResolver } from './context/access.ts';
import type { ChartLinker } from './ports.ts';
import { referenceData, type ReferenceData } from './context/reference.ts';
import type { ImageRef } from './views/viewModel.ts';
import { weekSnapshots, type WeekSnapshots } from './context/weekSnapshot.ts';

export interface ChatAppOptions {
  /**
   * IANA time zone for the times shown ("Contact logged by Sam Lee, 10:32") and "today", when the platform
   * does not say the reader's own.
   */
  timeZone?: string;
  /** How long the week's signal snapshot is reused before it is read again (default 60 s). */
  snapshotMaxAgeMs?: number;
  /** How long programme, source and staff names are reused (default 5 min). */
  referenceMaxAgeMs?: number;
  /**
   * How long a channel's link is reused (default 30 s): links made or removed here apply at once; one
   * removed elsewhere (the posting job after a 403) within this time.
   */
  linkMaxAgeMs?: number;
  /** Days a claim ("I'll contact") lasts without a contact before it lapses (default 7, CLAIM_LAPSE_DAYS). */
  claimLapseDays?: number;
}

export interface ChatCore {
  repos: Repositories;
  charts: ChartLinker;
  snapshots: WeekSnapshots;
  reference: ReferenceData;
  resolveStaff: ReturnType<typeof identityResolver>;
  /** The channel's link, read at most once per `linkMaxAgeMs`. */
  linkFor(platform: ChatPlatform, channelId: string): Promise<ChannelLink | null>;
  /** Forget a channel's cached link after linking or unlinking it. */
  forgetLink(platform: ChatPlatform, channelId: string): void;
  /** How long a claim lasts without a contact before it lapses. */
  claimLapseMs: number;
  /** "10:32" in the reader's time zone when given and valid, else the configured one. */
  clockTime(at: Date, timeZone?: string): string;
  /** "2026-11-23" in the reader's time zone when given and valid, else the configured one. */
  localDate(at: Date, timeZone?: string): string;
  /** A chart, or null when the linker fails: a card without its picture rather than no card. */
  chart(make: (charts: ChartLinker) => Promise<ImageRef>): Promise<ImageRef | null>;
}

export function createCore(repos: Repositories, charts: ChartLinker, options: ChatAppOptions = {}): ChatCore {
  const formats = zoneFormats(options.timeZone ?? 'Europe/London');
  const linkMaxAgeMs = options.linkMaxAgeMs ?? 30_000;
  const links = new ExpiringCache<string, Promise<ChannelLink | null>>({ ttlMs: linkMaxAgeMs });
  return {
    repos,
    charts,
    snapshots: weekSnapshots(repos, options.snapshotMaxAgeMs ?? 60_000),
    reference: referenceData(repos, options.referenceMaxAgeMs ?? 300_000),
    resolveStaff: identityResolver(repos),
    linkFor(platform, channelId) {
      return links.remember(`${platform}:${channelId}`, () =>
        repos.channelLinks.linkFor(platform, channelId),
      );
    },
    forgetLink(platform, channelId) {
      links.delete(`${platform}:${channelId}`);
    },
    claimLapseMs: (options.claimLapseDays ?? 7) * 86_400_000,
    clockTime: (at, timeZone) => formats(timeZone).time.format(at),
    localDate: (at, timeZone) => formats(timeZone).date.format(at),
    async chart(make) {
      try {
        return await make(charts);
      } catch {
        return null;
      }
    },
  };
}

interface ZoneFormat {
  time: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
}

const ZONES_KEPT = 200;

/**
 * The clock and date formats of a time zone, made once per zone; a zone Intl does not know (a platform
 * sending something odd) falls back to the service's own.
 */
function zoneFormats(serviceZone: string): (timeZone?: string) => ZoneFormat {
  const make = (timeZone: string): ZoneFormat => ({
    time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }),
    date: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  });
  const service = make(serviceZone);
  const zones = new Map<string, ZoneFormat>();
  return (timeZone) => {
    if (!timeZone || timeZone === serviceZone) return service;
    let format = zones.get(timeZone);
    if (!format) {
      try {
        format = make(timeZone);
      } catch {
        format = service;
      }
      if (zones.size >= ZONES_KEPT) zones.clear();
      zones.set(timeZone, format);
    }
    return format;
  };
}
