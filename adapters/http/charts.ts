/**
 * Chart images for chat cards. `createChartLinker` saves a chart's numbers under an id derived from them
 * (a keyed hash: the same chart is stored once, and a chart linked again recently skips the store) and
 * returns a signed, expiring URL (`/charts/<id>.png?exp=<unix>&sig=<hmac>`) that carries no student data;
 * `registerChartRoutes` serves it: checks the signature and expiry, reads the numbers, and renders
 * Vega-Lite → Vega (headless) → SVG → PNG with resvg. Compiled chart runtimes are built once per kind.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { FastifyInstance } from 'fastify';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { calibrationChartData, calibrationChartSpec } from './chartSpecs/calibration.ts';
import {
  bandsChartData,
  bandsChartSpec,
  CHART_DATA,
  CHART_FONT,
  trendChartData,
  trendChartSpec,
} from './chartSpecs/trendAndBands.ts';
import type { ChartLinker } from '../../src/chat/ports.ts';
import { studentTrendChartSpec } from './chartSpecs/studentTrend.ts';
import { formatCount } from '../../src/chat/views/viewFormat.ts';
import type { ImageRef } from '../../src/chat/views/viewModel.ts';
import type {
  BandCount,
  CalibrationPoint,
  ChartImageRepository,
  StoredChart,
  TrendPoint,
} from '../../src/repositories/chartImages.ts';
import { ConfigError, type Env } from '../../src/config/env.ts';

/** How long a chart link works: a Monday digest stays readable all week and a little beyond. */
export const CHART_LINK_TTL_SECONDS = 8 * 24 * 60 * 60;
/** Browsers and chat clients may keep an image this long (never beyond the link's expiry). */
const MAX_CACHE_SECONDS = 24 * 60 * 60;
/**
 * A stored chart is kept this much longer than the link being issued, so the same chart linked again within
 * that time needs no store write (its document already outlives the new link).
 */
const STORED_BEYOND_LINK_SECONDS = CHART_LINK_TTL_SECONDS;
/** Chart ids this process saved recently, with how long their documents are kept (about 2 MB at most). */
const REMEMBERED_CHARTS = 20_000;
/** Characters of the keyed hash used as a chart id (22 base64url characters: 132 bits). */
const CHART_ID_LENGTH = 22;
/** Rendered PNGs kept in memory by chart id (a chart never changes once saved). */
const PNG_CACHE_ENTRIES = 200;
/** Pixel density: 1.5× stays sharp in a Teams or Slack card (about 500 px wide) and renders ~25% faster than 2×. */
export const PNG_ZOOM = 1.5;
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

type ChartKind = StoredChart['kind'];
/** A chart's kind and numbers, without its id and expiry. */
type ChartNumbers =
  | { kind: 'trend'; points: TrendPoint[] }
  | { kind: 'student-trend' | 'student-trend-scored'; points: TrendPoint[] }
  | { kind: 'bands'; counts: BandCount[] }
  | { kind: 'calibration'; points: CalibrationPoint[] };

/** Each kind's dataset rows and (data-free) spec. */
function rowsOf(chart: ChartNumbers): Record<string, unknown>[] {
  switch (chart.kind) {
    case 'trend':
    case 'student-trend':
    case 'student-trend-scored':
      return trendChartData(chart.points);
    case 'bands':
      return bandsChartData(chart.counts);
    case 'calibration':
      return calibrationChartData(chart.points);
  }
}

const SPECS = {
  trend: () => trendChartSpec([]),
  'student-trend': () => studentTrendChartSpec([], { scoreAxis: false }),
  'student-trend-scored': () => studentTrendChartSpec([], { scoreAxis: true }),
  bands: () => bandsChartSpec([]),
  calibration: () => calibrationChartSpec([]),
} satisfies Record<ChartKind, unknown>;

let processKey: Buffer | undefined;

/**
 * The key that signs chart links: CHART_SIGNING_KEY; in LOCAL_MODE without one, a random key made once per
 * process (links then stop working after a restart and are not valid in other processes). Outside
 * LOCAL_MODE the variable is required, since links are served to Teams and Slack.
 */
export function chartSigningKey(env: Pick<Env, 'CHART_SIGNING_KEY' | 'LOCAL_MODE'>): Buffer {
  if (env.CHART_SIGNING_KEY) return Buffer.from(env.CHART_SIGNING_KEY, 'utf8');
  if (!env.LOCAL_MODE) {
    throw new ConfigError([
      'CHART_SIGNING_KEY: required outside LOCAL_MODE (signs chart image links; at least 32 characters)',
    ]);
  }
  return (processKey ??= randomBytes(32));
}

/** The HMAC of a chart link: id and expiry, so neither can be changed without the key. */
export function chartSignature(key: Buffer, id: string, exp: number): string {
  return createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url');
}

/** A chart's id: a keyed hash of its kind and numbers, so it says nothing about them without the key. */
function chartId(key: Buffer, chart: ChartNumbers): string {
  const numbers = chart.kind === 'bands' ? chart.counts : chart.points;
  return createHmac('sha256', key)
    .update(`chart-id.${chart.kind}.${JSON.stringify(numbers)}`)
    .digest('base64url')
    .slice(0, CHART_ID_LENGTH);
}

function signatureMatches(key: Buffer, id: string, exp: number, signature: string): boolean {
  const expected = Buffer.from(chartSignature(key, id, exp));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ChartLinkerDeps {
  charts: ChartImageRepository;
  /** PUBLIC_BASE_URL, or the local address in local mode. */
  publicBaseUrl: string;
  signingKey: Buffer;
  now?: () => Date;
  ttlSeconds?: number;
}

export function createChartLinker(deps: ChartLinkerDeps): ChartLinker {
  const now = deps.now ?? (() => new Date());
  const ttlSeconds = deps.ttlSeconds ?? CHART_LINK_TTL_SECONDS;
  const keptBeyondLink = Math.min(ttlSeconds, STORED_BEYOND_LINK_SECONDS);
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  /** Chart id → unix second until which its stored document is kept, oldest saved first. */
  const saved = new Map<string, number>();
  const link = async (chart: ChartNumbers) => {
    const id = chartId(deps.signingKey, chart);
    const exp = Math.floor(now().getTime() / 1000) + ttlSeconds;
    if ((saved.get(id) ?? 0) < exp) {
      const keptUntil = exp + keptBeyondLink;
      await deps.charts.save({ ...chart, id, expiresAt: new Date(keptUntil * 1000) });
      saved.delete(id);
      saved.set(id, keptUntil);
      if (saved.size > REMEMBERED_CHARTS) saved.delete(saved.keys().next().value!);
    }
    return `${base}/charts/${id}.png?exp=${exp}&sig=${chartSignature(deps.signingKey, id, exp)}`;
  };
  return {
    async trend(points, options): Promise<ImageRef> {
      const latest = points.at(-1);
      const copied = points.map((point) => ({ ...point }));
      if (options?.forStudent) {
        const kind = options.forStudent.scoreAxis ? 'student-trend-scored' : 'student-trend';
        const url = await link({ kind, points: copied });
        return {
          url,
          alt: `Your weekly engagement over ${points.length} weeks against your peers' average (the dashed line)`,
        };
      }
      const url = await link({ kind: 'trend', points: copied });
      const alt =
        latest === undefined
          ? 'Weekly score trend: no scores yet'
          : `Weekly score over ${points.length} weeks, latest ${latest.score}; attention line at 350, concern at 300`;
      return { url, alt };
    },
    async bands(counts): Promise<ImageRef> {
      const url = await link({ kind: 'bands', counts: counts.map((count) => ({ ...count })) });
      return {
        url,
        alt: `Students per score band: ${counts.map((count) => `${count.label} ${count.count}`).join(', ')}`,
      };
    },
    async calibration(points): Promise<ImageRef> {
      const url = await link({ kind: 'calibration', points: points.map((point) => ({ ...point })) });
      const students = points.reduce((sum, point) => sum + point.count, 0);
      return {
        url,
        alt: `Calibration of the risk model over ${formatCount(students)} student-weeks: predicted risk against the share who went on to withdraw or fail, per 10% bin; the dashed diagonal is perfect calibration`,
      };
    },
  };
}

/** Renders stored charts to PNG; compiles each chart kind's Vega-Lite spec once and swaps the data in. */
export class ChartRenderer {
  private readonly runtimes = new Map<ChartKind, vega.Runtime>();
  private readonly resvgOptions: ResvgRenderOptions;
  /** False when the bundled font file is missing and resvg falls back to the system's fonts. */
  readonly fontFileFound: boolean;

  constructor(fontFile = FONT_FILE) {
    this.fontFileFound = existsSync(fontFile);
    this.resvgOptions = {
      fitTo: { mode: 'zoom', value: PNG_ZOOM },
      font: this.fontFileFound
        ? { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: CHART_FONT }
        : { loadSystemFonts: true },
    };
  }

  async png(chart: StoredChart): Promise<Buffer> {
    return new Resvg(await this.svg(chart), this.resvgOptions).render().asPng();
  }

  /** The chart as SVG, the step before the PNG. */
  async svg(chart: StoredChart): Promise<string> {
    const rows = rowsOf(chart);
    const view = new vega.View(this.runtime(chart.kind), { renderer: 'none' });
    try {
      view.data(CHART_DATA, rows);
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }

  private runtime(kind: ChartKind): vega.Runtime {
    let runtime = this.runtimes.get(kind);
    if (!runtime) {
      runtime = vega.parse(compile(SPECS[kind]()).spec);
      this.runtimes.set(kind, runtime);
    }
    return runtime;
  }
}

export interface ChartRouteDeps {
  charts: ChartImageRepository;
  signingKey: Buffer;
  renderer?: ChartRenderer;
  now?: () => Date;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** GET /charts/:id.png — 403 for a bad or expired signature, 404 for an unknown chart, else the PNG. */
export function registerChartRoutes(app: FastifyInstance, deps: ChartRouteDeps): void {
  const renderer = deps.renderer ?? new ChartRenderer();
  const now = deps.now ?? (() => new Date());
  const cache = new Map<string, Buffer>();
  if (!renderer.fontFileFound) app.log.warn('chart font file not found: chart text uses the system fonts');

  app.get<{ Params: { id: string }; Querystring: { exp?: string; sig?: string } }>(
    '/charts/:id.png',
    async (request, reply) => {
      const { id } = request.params;
      const exp = Number(request.query.exp);
      const signature = request.query.sig ?? '';
      if (
        !ID_PATTERN.test(id) ||
        !Number.isSafeInteger(exp) ||
        !signatureMatches(deps.signingKey, id, exp, signature)
      ) {
        return reply.code(403).send({ error: 'chart link signature is not valid' });
      }
      const remaining = exp - Math.floor(now().getTime() / 1000);
      if (remaining <= 0) return reply.code(403).send({ error: 'chart link has expired' });
      let png = cache.get(id);
      if (!png) {
        const chart = await deps.charts.find(id, now());
        if (!chart) return reply.code(404).send({ error: 'no such chart' });
        png = await renderer.png(chart);
        cache.set(id, png);
        if (cache.size > PNG_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      }
      return reply
        .type('image/png')
        .header('cache-control', `private, max-age=${Math.min(remaining, MAX_CACHE_SECONDS)}, immutable`)
        .send(png);
    },
  );
}
