// Chart images: the specs mark the thresholds and shared-cause weeks; the renderer makes real PNGs; a real
// Fastify on loopback serves them at signed, expiring links (bad or expired → 403, unknown → 404) whose
// URLs carry no student data; the chart numbers live in the embedded store until the link expires.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chartSignature,
  chartSigningKey,
  ChartRenderer,
  createChartLinker,
  registerChartRoutes,
} from '../../adapters/http/charts.ts';
import { startService } from '../../adapters/runtime/service.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import {
  ATTENTION_THRESHOLD,
  bandsChartSpec,
  CONCERN_THRESHOLD,
  SHARED_CAUSE_KEY,
  trendChartSpec,
} from '../../adapters/http/chartSpecs/trendAndBands.ts';
import type { ChartLinker } from '../../src/chat/ports.ts';
import { loadEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { chartImageRepository } from '../../src/repositories/chartImages.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const POINTS = Array.from({ length: 12 }, (_, index) => ({
  week: `2026-W${String(30 + index).padStart(2, '0')}`,
  score: 560 - index * 25,
  sharedCause: index === 4,
}));
const COUNTS = [
  { label: '0–199', count: 12 },
  { label: '200–399', count: 80 },
  { label: '400–599', count: 220 },
  { label: '600–799', count: 98 },
  { label: '800–1000', count: 2 },
];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('chart specs', () => {
  it('draw the attention (350) and concern (300) lines and shade shared-cause weeks, from numbers only', () => {
    const json = JSON.stringify(trendChartSpec(POINTS));
    expect(json).toContain(`"threshold":${ATTENTION_THRESHOLD}`);
    expect(json).toContain(`"threshold":${CONCERN_THRESHOLD}`);
    expect(json).toContain('datum.sharedCause');
    expect(json).toContain(SHARED_CAUSE_KEY);
    expect(json).toContain('"week":"2026-W34","score":460,"sharedCause":true');
  });

  it('put the bands in the order given', () => {
    const spec = bandsChartSpec(COUNTS) as { data: { values: { label: string }[] } };
    expect(spec.data.values.map((row) => row.label)).toEqual(COUNTS.map((count) => count.label));
  });
});

describe('ChartRenderer', () => {
  const renderer = new ChartRenderer();

  it('renders the trend and the band distribution as PNGs at 1.5× density', async () => {
    const trend = pngSize(
      await renderer.png({ id: 'a', kind: 'trend', points: POINTS, expiresAt: new Date() }),
    );
    const bands = pngSize(
      await renderer.png({ id: 'b', kind: 'bands', counts: COUNTS, expiresAt: new Date() }),
    );
    for (const size of [trend, bands]) {
      // Drawn about 360–400 px wide for the narrowest card, at 1.5 pixels per point.
      expect(size.width).toBeGreaterThan(1.5 * 360);
      expect(size.height).toBeGreaterThan(1.5 * 180);
    }
  });

  it('renders text with the chart font (the font file exists here)', async () => {
    expect(renderer.fontFileFound).toBe(true);
    const withLabels = await renderer.png({ id: 'c', kind: 'bands', counts: COUNTS, expiresAt: new Date() });
    const otherLabels = await renderer.png({
      id: 'd',
      kind: 'bands',
      counts: COUNTS.map((count) => ({ ...count, label: `x${count.label}` })),
      expiresAt: new Date(),
    });
    expect(withLabels.equals(otherLabels)).toBe(false);
  });

  it('draws the key to the grey weeks only when a trend has a shared-cause week', async () => {
    const plain = POINTS.map((point) => ({ ...point, sharedCause: false }));
    const shaded = await renderer.svg({ id: 'f', kind: 'trend', points: POINTS, expiresAt: new Date() });
    const unshaded = await renderer.svg({ id: 'g', kind: 'trend', points: plain, expiresAt: new Date() });
    expect(shaded).toContain(SHARED_CAUSE_KEY);
    expect(unshaded).not.toContain(SHARED_CAUSE_KEY);
    expect(shaded).toContain('attention 350');
    expect(shaded).toContain('W41');
  });

  it('renders an empty trend (a student never scored) without failing', async () => {
    expect(
      pngSize(await renderer.png({ id: 'e', kind: 'trend', points: [], expiresAt: new Date() })).width,
    ).toBeGreaterThan(0);
  });
});

describe('chart links served over HTTP', () => {
  const key = Buffer.from('test-signing-key-of-at-least-32-bytes!!');
  let dir: string;
  let store: EmbeddedStore;
  let app: FastifyInstance;
  let base: string;
  let clock = new Date('2026-10-05T08:00:00Z');
  let linker: ChartLinker;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-charts-'));
    store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    const charts = chartImageRepository(store.db);
    app = Fastify();
    registerChartRoutes(app, { charts, signingKey: key, now: () => clock });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    linker = createChartLinker({
      charts,
      publicBaseUrl: `${base}/`,
      signingKey: key,
      now: () => clock,
      ttlSeconds: 3600,
    });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a signed link as a PNG with cache headers bounded by the expiry', async () => {
    clock = new Date('2026-10-05T08:00:00Z');
    const { url, alt } = await linker.trend(POINTS);
    expect(alt).toContain('12 weeks');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600, immutable');
    pngSize(Buffer.from(await response.arrayBuffer()));
  });

  it('carries no student data in the URL: only an opaque id, the expiry and the signature', async () => {
    const { url } = await linker.bands(COUNTS);
    const parsed = new URL(url);
    expect(parsed.pathname).toMatch(/^\/charts\/[A-Za-z0-9_-]{22}\.png$/);
    expect([...parsed.searchParams.keys()]).toEqual(['exp', 'sig']);
    const trendUrl = (await linker.trend(POINTS)).url;
    for (const value of ['560', '2026-W30', 'S100', 'score']) expect(trendUrl).not.toContain(value);
  });

  it('refuses a tampered signature, id or expiry with 403', async () => {
    const { url } = await linker.trend(POINTS);
    const parsed = new URL(url);
    const sig = parsed.searchParams.get('sig')!;
    const exp = Number(parsed.searchParams.get('exp'));
    const tampered = [
      url.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}AA`),
      url.replace(`exp=${exp}`, `exp=${exp + 86_400}`),
      url.replace(/sig=[^&]+/, ''),
      `${base}/charts/${'a'.repeat(22)}.png?exp=${exp}&sig=${sig}`,
    ];
    for (const link of tampered) expect((await fetch(link)).status).toBe(403);
  });

  it('refuses an expired link with 403 even though its signature is right', async () => {
    clock = new Date('2026-10-05T08:00:00Z');
    const { url } = await linker.trend(POINTS);
    clock = new Date('2026-10-05T09:00:01Z');
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'chart link has expired' });
    clock = new Date('2026-10-05T08:00:00Z');
  });

  it('answers 404 for a well-signed link to a chart that is not stored', async () => {
    const id = 'b'.repeat(22);
    const exp = Math.floor(clock.getTime() / 1000) + 60;
    const response = await fetch(`${base}/charts/${id}.png?exp=${exp}&sig=${chartSignature(key, id, exp)}`);
    expect(response.status).toBe(404);
  });

  it('lets the store forget a chart once every link to it has expired (TTL index)', async () => {
    const counts = COUNTS.map((count) => ({ ...count, count: count.count + 1 }));
    const { url } = await linker.bands(counts);
    const id = /charts\/([^.]+)\.png/.exec(url)![1]!;
    const charts = store.db.collection<{ id: string }>('chartImages');
    expect(await charts.findOne({ id })).not.toBeNull();
    await store.sweepExpired(new Date(clock.getTime() + 3601_000));
    expect((await fetch(url)).status).toBe(200); // the link still works up to its expiry
    await store.sweepExpired(new Date(clock.getTime() + 2 * 3600_000 + 1000));
    expect(await charts.findOne({ id })).toBeNull();
  });

  it('stores the same chart once, however often and by however many processes it is linked', async () => {
    const counts = COUNTS.map((count) => ({ ...count, count: count.count + 2 }));
    const otherProcess = createChartLinker({
      charts: chartImageRepository(store.db),
      publicBaseUrl: base,
      signingKey: key,
      now: () => clock,
      ttlSeconds: 3600,
    });
    const urls = [
      (await linker.bands(counts)).url,
      (await linker.bands(counts)).url,
      (await otherProcess.bands(counts)).url,
    ];
    const ids = urls.map((url) => /charts\/([^.]+)\.png/.exec(url)![1]!);
    expect(new Set(ids).size).toBe(1);
    expect(await store.db.collection('chartImages').countDocuments({ id: ids[0] })).toBe(1);
    const different = (await linker.bands(COUNTS)).url;
    expect(different).not.toContain(ids[0]);
    for (const url of urls) expect((await fetch(url)).status).toBe(200);
  });

  it('keeps a chart linked again later until its newest link expires', async () => {
    const counts = COUNTS.map((count) => ({ ...count, count: count.count + 3 }));
    const started = clock;
    try {
      const first = await linker.bands(counts);
      clock = new Date(started.getTime() + 5400_000); // 1.5 links' lifetimes later
      const later = await linker.bands(counts);
      await store.sweepExpired(new Date(started.getTime() + 2 * 3600_000 + 1000));
      clock = new Date(started.getTime() + 5400_000 + 3599_000);
      expect((await fetch(later.url)).status).toBe(200);
      expect((await fetch(first.url)).status).toBe(403);
    } finally {
      clock = started;
    }
  });
});

describe('the chart signing key', () => {
  it('is required outside LOCAL_MODE, and the refusal names the variable', () => {
    expect(() => chartSigningKey({ LOCAL_MODE: false, CHART_SIGNING_KEY: undefined })).toThrow(
      /CHART_SIGNING_KEY/,
    );
  });

  it('in LOCAL_MODE without one is a random key shared by the whole process', () => {
    const first = chartSigningKey({ LOCAL_MODE: true, CHART_SIGNING_KEY: undefined });
    expect(first.length).toBe(32);
    expect(chartSigningKey({ LOCAL_MODE: true, CHART_SIGNING_KEY: undefined }).equals(first)).toBe(true);
  });

  it('is what the running service checks chart links against', async () => {
    await withTempDir(async (dataDir) => {
      const env = loadEnv({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOCAL_MODE: '1' });
      const service = await startService(env, createLogger({ level: 'silent' }));
      try {
        const linker = createChartLinker({
          charts: repositories(service.store.db).chartImages,
          publicBaseUrl: service.url,
          signingKey: chartSigningKey(env),
        });
        const { url } = await linker.bands(COUNTS);
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
      } finally {
        await service.stop();
      }
    });
  });
});
