/**
 * go-netrpc/yamux against a second implementation, the npm package yamux-js@0.2.0, in two ways:
 *
 * 1. Interop scenarios that work, in both roles over TCP and a unix socket (ping, answering its
 *    keepalive pings, a slow reader here, the peer dying mid-stream): each must pass.
 * 2. Its defects, case by case, from the conformance kit: `conformance yamux --iut yamux-js` in
 *    both roles must agree with the kit-generated failure lists
 *    fixtures/conformance/yamux-yamux-js-{server,client}-failures.txt (written by
 *    `npm run conformance:matrix`, never by hand): a listed case must still fail (or be
 *    non-strict), an unlisted case must pass. These replace the hand-kept list of app-level
 *    scenarios that failed (echo never ends: FIN ignored = kit 1.1, 2.3; frames split across reads
 *    dropped = 1.2, 1.5; no flow control = 3.1, 3.2; RST ignored = 2.7; no backlog limit = 7.2;
 *    its Client cannot accept streams = nearly every case in the client role).
 *
 * Listed kit cases mostly fail by hanging, so they are cut off after LISTED_LIMIT_MS; a listed
 * case that starts passing still completes well within that limit on an idle machine.
 * YAMUX_JS_ONLY=<regex> selects cases while debugging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createServer, type YamuxError, type YamuxSession } from 'go-netrpc/yamux';
import type { CaseResult } from '../../src/conformance/types.js';
import { YAMUX_ROLES, type YamuxRole } from '../../src/conformance/yamux/context.js';
import { YAMUX_SECTIONS } from '../../src/conformance/yamux/cases.js';
import { loadFailureList, pool, runKit } from '../conformance-kit/run-kit.js';
import { startJsPeer, type JsBehaviour, type JsPeer } from '../helpers/yamux-js-peer.js';
import { nextError, pattern, readSlowly, type Role, type Transport } from '../helpers/yamux-peers.js';

/** Time limits detect hangs, they are not performance bounds (a scenario takes milliseconds). */
const PASS_LIMIT_MS = 30_000;
const LISTED_LIMIT_MS = 8000;
const CONCURRENCY = 8;

interface Ctx {
  session: YamuxSession;
  peer: JsPeer;
}

type Scenario = [name: string, behaviour: JsBehaviour, run: (c: Ctx, role: Role) => Promise<void>];

function assert(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}

const scenarios: Scenario[] = [
  ['slow-reader-here', { mode: 'source', size: 1 << 20 }, async ({ session }) => {
    const s = await session.accept();
    const { data, maxBuffered } = await readSlowly(s);
    assert(data.equals(pattern(1 << 20, s.id)), 'data differs');
    // At most the receive window: 256 KiB, grown by auto-tuning (maxAutoTunedWindowSize, 8 MiB) while the reader empties its buffer.
    assert(maxBuffered <= 8 << 20, `buffered ${maxBuffered}`);
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
];

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

async function runCase(c: (typeof cases)[number]): Promise<string | undefined> {
  const peer = await startJsPeer(c.role, c.transport, c.scenario[1]);
  const session = c.role === 'client' ? createClient(peer.conn, { enableKeepAlive: false }) : createServer(peer.conn, { enableKeepAlive: false });
  cleanups.push(() => {
    void session.close();
    peer.close();
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${PASS_LIMIT_MS} ms`)), PASS_LIMIT_MS);
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

/** The kit's cases, split in chunks that run side by side (each chunk its own yamux-js process). */
const kitIds = YAMUX_SECTIONS.flatMap((s) => s.cases.map((c) => c.id)).filter((id) => only.test(`kit/${id}`));
const chunks = (ids: readonly string[], n: number): string[][] => Array.from({ length: n }, (_, i) => ids.filter((_, j) => j % n === i)).filter((c) => c.length > 0);
const kitResults = new Map<YamuxRole, Map<string, CaseResult>>();

describe('yamux vs yamux-js@0.2.0', () => {
  beforeAll(async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i] as (typeof cases)[number];
        outcomes.set(c.id, await runCase(c));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    for (const role of YAMUX_ROLES) {
      const listed = loadFailureList(`yamux-js-${role}`);
      const jobs = chunks(kitIds, 3).map((ids) => ({ adapter: 'yamux-js', role, cases: ids, caseLimitMs: (id: string) => (listed.has(id) ? LISTED_LIMIT_MS : undefined) }));
      const reps = await pool(jobs, 3, (j) => runKit(j));
      kitResults.set(role, new Map(reps.flatMap((r) => r.results.map((x) => [x.id, x] as const))));
    }
  }, 900_000);

  afterAll(() => {
    for (const f of cleanups) f();
  });

  for (const c of cases) {
    it(c.id, () => {
      const failure = outcomes.get(c.id);
      expect(failure, `${c.id} failed: ${failure}`).toBeUndefined();
    });
  }

  for (const role of YAMUX_ROLES) {
    describe(`conformance kit, yamux-js as ${role}`, () => {
      const listed = loadFailureList(`yamux-js-${role}`);

      it('its failure list names only cases of the kit', () => {
        const all = new Set(YAMUX_SECTIONS.flatMap((s) => s.cases.map((c) => c.id)));
        expect([...listed.keys()].filter((id) => !all.has(id))).toEqual([]);
      });

      for (const id of kitIds) {
        it(`kit/${id}`, () => {
          const r = kitResults.get(role)?.get(id);
          expect(r, `no result for ${id}`).toBeDefined();
          const failing = r?.verdict === 'fail' || r?.verdict === 'non-strict';
          if (listed.has(id)) expect(failing, `${id} is listed (${listed.get(id)}) in yamux-yamux-js-${role}-failures.txt but is ${r?.verdict} now: regenerate the matrix (npm run conformance:matrix)`).toBe(true);
          else expect(failing, `${id} is not listed for yamux-js as ${role} but is ${r?.verdict}: ${r?.observed}`).toBe(false);
        });
      }
    });
  }
});
