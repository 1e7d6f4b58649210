/**
 * The chat bench's Slack side, run as a child process so the server under test has its own process:
 * stands in for Slack's Web API (users.info) and response_url on loopback, then — once told the server's
 * address on stdin — sends signed `/engage student <id>` slash commands from CONCURRENCY clients at once
 * and times each from the request until its answer arrives: in the acknowledgement's body when the server
 * had it quickly, otherwise at response_url. A second, paced round sends lookups at a fixed rate, as
 * staff would (nobody waits for a colleague's answer before asking), timing each from when it was due, so
 * a stall delays every lookup due during it. Prints JSON lines: first `{ standIn }`, then
 * `{ latenciesMs, seconds, paced }` for the measured lookups (a warm-up round goes first and also opens
 * the clients' connections).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { signSlackBody } from '../../../adapters/slack/signature.ts';

export interface LoadPlan {
  signingSecret: string;
  slackUserId: string;
  email: string;
  name: string;
  studentIds: string[];
  concurrency: number;
  warmup: number;
  lookups: number;
  /** The paced round: lookups sent at this rate (an open loop), never more than `concurrency` in flight. */
  pacedPerSecond: number;
  pacedLookups: number;
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
const pending = new Map<number, () => void>();
const userInfo = JSON.stringify({
  ok: true,
  user: { id: plan.slackUserId, real_name: plan.name, profile: { real_name: plan.name, email: plan.email } },
});
const standIn = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const url = req.url ?? '';
    if (url.startsWith('/response/')) {
      pending.get(Number(url.slice('/response/'.length)))?.();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(userInfo);
    }
  });
});
await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', 1024, resolve));
const standInBase = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
process.stdout.write(`${JSON.stringify({ standIn: standInBase })}\n`);

const lines = createInterface({ input: process.stdin });
const serverUrl = new URL(((await lines[Symbol.asyncIterator]().next()).value as string).trim());
const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });

function lookup(n: number): Promise<void> {
  const answered = new Promise<void>((resolve) => pending.set(n, resolve));
  const body = new URLSearchParams({
    token: 'bench',
    team_id: 'TBENCH',
    channel_id: 'DBENCH0001',
    channel_name: 'directmessage',
    user_id: plan.slackUserId,
    user_name: 'bench.tutor',
    command: '/engage',
    text: `student ${plan.studentIds[n % plan.studentIds.length]}`,
    response_url: `${standInBase}/response/${n}`,
    trigger_id: `bench.${n}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const acked = new Promise<void>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: serverUrl.hostname,
        port: serverUrl.port,
        method: 'POST',
        path: '/slack/events',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackBody(plan.signingSecret, timestamp, body),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`lookup ${n}: HTTP ${res.statusCode}`));
          if (body !== '') pending.get(n)?.(); // answered in the acknowledgement itself
          resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return Promise.all([acked, answered]).then(() => void pending.delete(n));
}

async function round(first: number, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = first;
  const client = async () => {
    while (next < first + count) {
      const n = next++;
      const started = performance.now();
      await lookup(n);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, client));
  return latencies;
}

/** Lookups due every 1/perSecond seconds from the start, at most `concurrency` in flight. */
async function pacedRound(first: number, count: number, perSecond: number): Promise<number[]> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const early = due - performance.now();
    if (early > 1) await new Promise((resolve) => setTimeout(resolve, early));
    while (inFlight.size >= plan.concurrency) await Promise.race(inFlight);
    const sent: Promise<void> = lookup(first + i).then(() => {
      latencies.push(performance.now() - due);
      inFlight.delete(sent);
    });
    inFlight.add(sent);
  }
  await Promise.all(inFlight);
  return latencies;
}

await round(0, plan.warmup);
const started = performance.now();
const latenciesMs = await round(plan.warmup, plan.lookups);
const seconds = (performance.now() - started) / 1000;
const pacedStarted = performance.now();
const pacedLatenciesMs = await pacedRound(plan.warmup + plan.lookups, plan.pacedLookups, plan.pacedPerSecond);
const paced = { latenciesMs: pacedLatenciesMs, seconds: (performance.now() - pacedStarted) / 1000 };
process.stdout.write(`${JSON.stringify({ latenciesMs, seconds, paced })}\n`);
agent.destroy();
standIn.close();
lines.close();
