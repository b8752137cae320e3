/**
 * The yamux conformance scenarios against a second peer, the npm package yamux-js@0.2.0, in both
 * roles over TCP and a unix socket. Its known failures are listed (with reasons) in
 * fixtures/conformance/yamux-js-expected-failures.txt: a listed case must fail and an unlisted
 * case must pass, so the list stays honest. Cases run a few at a time, each within a time limit
 * (a yamux-js defect often shows up as a hang). YAMUX_JS_ONLY=<regex> selects cases while
 * debugging.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createServer, type YamuxError, type YamuxSession } from 'go-netrpc/yamux';
import { repoRoot } from '../helpers/go-peer.js';
import { startJsPeer, type JsBehaviour, type JsPeer } from '../helpers/yamux-js-peer.js';
import { nextError, pattern, readAll, readSlowly, sleep, type Role, type Transport } from '../helpers/yamux-peers.js';

/**
 * Time limits detect hangs, they are not performance bounds. A case expected to pass takes
 * milliseconds and gets PASS_LIMIT_MS, orders of magnitude more, so a loaded machine cannot fail
 * it. A listed (expected-failure) case usually fails by hanging, so it is cut off after
 * FAIL_LIMIT_MS to keep the file fast; on an idle machine a listed case that starts passing is
 * still caught (it completes well within that limit).
 */
const PASS_LIMIT_MS = 30_000;
const FAIL_LIMIT_MS = 3000;
const CONCURRENCY = 12;

interface Ctx {
  session: YamuxSession;
  peer: JsPeer;
}

type Scenario = [name: string, behaviour: JsBehaviour, run: (c: Ctx, role: Role) => Promise<void>];

function assert(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}

function echoAll(session: YamuxSession): void {
  void (async () => {
    for await (const s of session) {
      s.on('error', () => undefined);
      s.pipe(s);
    }
  })();
}

const scenarios: Scenario[] = [
  ['open-echo-half-close', { mode: 'echo' }, async ({ session }) => {
    const s = await session.open();
    s.end('hello yamux');
    const got = (await readAll(s)).toString();
    assert(got === 'hello yamux', `echo got ${JSON.stringify(got)}`);
  }],
  ['accept-peer-streams', { mode: 'open-echo', streams: 3, size: 70_000 }, async ({ session, peer }) => {
    echoAll(session);
    const r = await peer.result;
    assert(r['ok'] === true, `peer reports ${JSON.stringify(r)}`);
  }],
  ['bulk-echo-4MiB', { mode: 'echo' }, async ({ session }) => {
    const s = await session.open();
    const data = pattern(4 << 20, 3);
    const got = readAll(s);
    s.end(data);
    assert((await got).equals(data), 'bulk echo differs');
  }],
  ['concurrent-40-streams', { mode: 'echo' }, async ({ session }) => {
    const ok = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const s = await session.open();
        const data = pattern(50_000 + i, i);
        const got = readAll(s);
        s.end(data);
        return (await got).equals(data);
      }),
    );
    assert(ok.every(Boolean), 'some echoes differ');
  }],
  ['half-close-peer-first', { mode: 'close-first' }, async ({ session, peer }) => {
    const s = await session.open();
    s.write('x');
    await new Promise((r) => s.once('end', r).resume());
    s.end(pattern(300_000, 1));
    const r = await peer.result;
    assert(r['read'] === 300_001, `peer read ${JSON.stringify(r)}`);
  }],
  ['reset-by-destroy', { mode: 'reset-check' }, async ({ session, peer }) => {
    const s = await session.open();
    s.write('abc');
    await sleep(50);
    s.destroy();
    const r = await peer.result;
    assert(r['read'] === 3 && /reset/i.test(String(r['error'])), `peer reports ${JSON.stringify(r)}`);
  }],
  ['peer-sink-1MiB', { mode: 'sink' }, async ({ session }) => {
    const s = await session.open();
    const reply = readAll(s);
    s.end(pattern(1 << 20, 2));
    const line = (await reply).toString().trim();
    assert(line === String(1 << 20), `peer counted ${line}`);
  }],
  ['slow-reader-here', { mode: 'source', size: 1 << 20 }, async ({ session }) => {
    const s = await session.accept();
    const { data, maxBuffered } = await readSlowly(s);
    assert(data.equals(pattern(1 << 20, s.id)), 'data differs');
    // At most the receive window: 256 KiB, grown by auto-tuning (maxAutoTunedWindowSize, 1 MiB) while the reader empties its buffer.
    assert(maxBuffered <= 1 << 20, `buffered ${maxBuffered}`);
  }],
  ['ping', { mode: 'echo' }, async ({ session }) => {
    // The property, not a wall-clock bound: a positive rtt no longer than ping() took from outside.
    const t0 = performance.now();
    const rtt = await session.ping();
    const outside = performance.now() - t0;
    assert(rtt > 0 && rtt <= outside, `rtt ${rtt}, ping() took ${outside}`);
  }],
  ['answers-peer-pings', { mode: 'idle', keepAliveSecs: 0.1 }, async ({ session, peer }) => {
    // yamux-js pings every 100 ms; we must answer each one, in order, with its id.
    const r = await peer.result;
    assert(r['alive'] === true && JSON.stringify(r['acks']) === '[0,1,2]' && !session.isClosed, `peer reports ${JSON.stringify(r)}`);
  }],
  ['peer-dies-mid-stream', { mode: 'source', size: 16 << 20 }, async ({ session, peer }) => {
    const s = await session.accept();
    const err = nextError(s, PASS_LIMIT_MS);
    let got = 0;
    s.on('data', (c: Buffer) => {
      got += c.length;
      if (got >= 256 * 1024) peer.peerSocket.destroy();
    });
    assert(((await err) as YamuxError).code === 'SESSION_SHUTDOWN', 'stream did not fail with SESSION_SHUTDOWN');
    assert(((await session.closed) as YamuxError).code === 'CONNECTION_CLOSED', 'session not closed');
  }],
  ['1000-streams-we-open', { mode: 'echo' }, async ({ session }) => {
    const streams = await Promise.all(Array.from({ length: 1000 }, () => session.open()));
    const ok = await Promise.all(
      streams.map(async (s, i) => {
        const data = pattern(100, i);
        const got = readAll(s);
        s.end(data);
        return (await got).equals(data);
      }),
    );
    assert(ok.every(Boolean), 'some echoes differ');
  }],
  ['1000-streams-peer-opens', { mode: 'open-echo', streams: 1000, size: 100 }, async ({ session, peer }) => {
    echoAll(session);
    const r = await peer.result;
    assert(r['ok'] === true, `peer reports ${JSON.stringify(r).slice(0, 200)}`);
  }],
];

function loadExpected(): Map<string, string> {
  const text = readFileSync(`${repoRoot}fixtures/conformance/yamux-js-expected-failures.txt`, 'utf8');
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const [id, ...why] = t.split(/\s+/);
    if (id !== undefined) m.set(id, why.join(' '));
  }
  return m;
}

const allCases: { id: string; role: Role; transport: Transport; scenario: Scenario }[] = [];
for (const transport of ['tcp', 'unix'] as const) {
  for (const role of ['client', 'server'] as const) {
    for (const sc of scenarios) allCases.push({ id: `yamux-js/${transport}/ts-${role}/${sc[0]}`, role, transport, scenario: sc });
  }
}
const only = new RegExp(process.env['YAMUX_JS_ONLY'] ?? '');
const cases = allCases.filter((c) => only.test(c.id));

const outcomes = new Map<string, string | undefined>();
const cleanups: (() => void)[] = [];

async function runCase(c: (typeof cases)[number], limitMs: number): Promise<string | undefined> {
  const peer = await startJsPeer(c.role, c.transport, c.scenario[1]);
  const session = c.role === 'client' ? createClient(peer.conn, { enableKeepAlive: false }) : createServer(peer.conn, { enableKeepAlive: false });
  cleanups.push(() => {
    void session.close();
    peer.close();
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([c.scenario[2]({ session, peer }, c.role), limit]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

describe('yamux vs yamux-js@0.2.0', () => {
  const expected = loadExpected();

  beforeAll(async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i] as (typeof cases)[number];
        outcomes.set(c.id, await runCase(c, expected.has(c.id) ? FAIL_LIMIT_MS : PASS_LIMIT_MS));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 4 * PASS_LIMIT_MS);

  afterAll(() => {
    for (const f of cleanups) f();
  });

  it('lists only known case ids', () => {
    const ids = new Set(allCases.map((c) => c.id));
    expect([...expected.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const c of cases) {
    it(c.id, () => {
      const failure = outcomes.get(c.id);
      if (expected.has(c.id)) {
        expect(failure, `${c.id} is listed as an expected failure (${expected.get(c.id)}) but passed: remove it from the list`).toBeDefined();
      } else {
        expect(failure, `${c.id} failed: ${failure}`).toBeUndefined();
      }
    });
  }
});
