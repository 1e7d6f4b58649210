/**
 * The chat bench's Slack side, run as a child process so the server under test has its own process:
 * stands in for Slack's Web API (users.info) and response_url on loopback, then — once told the server's
 * address on stdin — sends signed `/engage student <id>` slash commands from CONCURRENCY clients at once
 * and times each from the request until its answer arrives: in the acknowledgement's body when the server
 * had it quickly, otherwise at response_url. Prints JSON lines: first
 * `{ standIn }`, then `{ latenciesMs, seconds }` for the measured lookups (a warm-up round goes first and
 * also opens the clients' connections).
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

await round(0, plan.warmup);
const started = performance.now();
const latenciesMs = await round(plan.warmup, plan.lookups);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ latenciesMs, seconds })}\n`);
agent.destroy();
standIn.close();
lines.close();
