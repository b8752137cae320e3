/**
 * Faults the trace makes readable, on synthetic yamux bytes: a keepalive ping left unanswered
 * past Go's ConnectionWriteTimeout (and its late answer), a side closing the connection while its
 * own ping is unanswered (a keepalive timeout), a MuxBroker dial nobody accepts (the
 * acceptor closes the stream without echoing the id), and hclog JSON lines on the plugin's
 * stderr rendered like hclog's text format.
 */
import { describe, expect, it } from 'vitest';
import { encodeHeader, Flag, FrameType } from '../../../src/yamux/index.js';
import { formatEvent, type TraceEvent } from '../../../src/trace/index.js';
import { formatHclog, parseHclog } from '../../../src/trace/hclog.js';
import { KEEPALIVE_TIMEOUT_MS, MIN_KEEPALIVE_CLOSE_MS } from '../../../src/trace/ping-watch.js';
import { TraceCore } from '../../../src/trace/trace-core.js';

const ping = (flags: number, id: number): Uint8Array => encodeHeader(FrameType.Ping, flags, 0, id);
const syn = (stream: number): Uint8Array => encodeHeader(FrameType.WindowUpdate, Flag.SYN, stream, 0);
const fin = (stream: number): Uint8Array => encodeHeader(FrameType.WindowUpdate, Flag.FIN, stream, 0);
const data = (stream: number, payload: Uint8Array): Uint8Array => new Uint8Array(Buffer.concat([encodeHeader(FrameType.Data, 0, stream, payload.length), payload]));

function core(): { core: TraceCore; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const c = new TraceCore((e) => events.push(e));
  c.openTap(0, 1, 'go-plugin');
  return { core: c, events };
}
const frames = (evs: TraceEvent[]): string[] => evs.flatMap((e) => (e.kind === 'frame' ? [`${e.t} ${e.from}: ${e.what}`] : []));

describe('keepalive pings', () => {
  it('Go waits 10 s (ConnectionWriteTimeout) for a ping answer', () => {
    expect(KEEPALIVE_TIMEOUT_MS).toBe(10_000);
  });

  it('an answered ping is silent; one unanswered for 10 s is reported at its deadline, and its late answer too', () => {
    const { core: c, events } = core();
    c.data(100, 1, 'host', ping(Flag.SYN, 1));
    c.data(105, 1, 'plugin', ping(Flag.ACK, 1));
    c.data(30_100, 1, 'host', ping(Flag.SYN, 2));
    expect(c.nextDeadline()).toBe(40_100);
    c.tick(40_000);
    expect(frames(events)).toEqual([]);
    c.tick(40_200);
    c.data(41_000, 1, 'plugin', ping(Flag.ACK, 2));
    expect(frames(events)).toEqual([
      '40100 host: keepalive ping 2, unanswered for 10 s: a Go host closes the session now ("keepalive timeout")',
      "41000 plugin: the answer to keepalive ping 2, too late: Go's yamux had already given up",
    ]);
    expect(c.nextDeadline()).toBeUndefined();
  });

  it('a later chunk or the end of the trace also reveals an overdue ping', () => {
    const { core: c, events } = core();
    c.data(0, 1, 'plugin', ping(Flag.SYN, 7));
    c.end(12_000);
    expect(frames(events)).toEqual(['10000 plugin: keepalive ping 7, unanswered for 10 s: a Go plugin closes the session now ("keepalive timeout")']);
  });
});

describe('a side that closes the connection while its own ping is unanswered', () => {
  const closed = (t: number, by: 'host' | 'plugin'): TraceEvent => ({ kind: 'conn', t, conn: 1, state: 'closed', detail: `the ${by} closed it`, by });

  it('is a keepalive timeout (whatever ConnectionWriteTimeout the peer has), reported before the close', () => {
    const { core: c, events } = core();
    c.data(0, 1, 'host', ping(Flag.SYN, 0));
    c.data(1, 1, 'plugin', ping(Flag.ACK, 0));
    c.data(100, 1, 'host', ping(Flag.SYN, 1));
    c.event(closed(600, 'host'));
    expect(events.slice(-2).map((e) => formatEvent(e))).toEqual([
      '! 600.0 ms  connection 1: host sent keepalive ping 1, then closed the connection 500 ms later without an answer from the plugin: a keepalive timeout (Go\'s yamux logs "[ERR] yamux: keepalive failed" and ends the session with "keepalive timeout"); the plugin stopped reading its connection: is it hung, stopped (SIGSTOP, a debugger) or overloaded?',
      '· 600.0 ms  connection 1 closed: the host closed it',
    ]);
    // A closed connection's pings have no deadline any more (the trace may run on for long).
    expect(c.nextDeadline()).toBeUndefined();
    c.end(60_000);
    expect(frames(events)).toHaveLength(1);
  });

  it('is not one when the other side closes, when the ping was answered or just sent, or when it was reported overdue already', () => {
    for (const [by, answered, at] of [['plugin', false, 500], ['host', true, 500], ['host', false, MIN_KEEPALIVE_CLOSE_MS - 1]] as const) {
      const { core: c, events } = core();
      c.data(0, 1, 'host', ping(Flag.SYN, 4));
      if (answered) c.data(1, 1, 'plugin', ping(Flag.ACK, 4));
      c.event(closed(at, by));
      expect(frames(events)).toEqual([]);
    }
    const { core: c, events } = core();
    c.data(0, 1, 'plugin', ping(Flag.SYN, 2));
    c.event(closed(11_000, 'plugin'));
    expect(frames(events)).toEqual(['10000 plugin: keepalive ping 2, unanswered for 10 s: a Go plugin closes the session now ("keepalive timeout")']);
  });
});

describe('a MuxBroker dial nobody accepts', () => {
  it('is shown when the acceptor closes the stream without echoing the id', () => {
    const { core: c, events } = core();
    const id = Buffer.alloc(4);
    id.writeUInt32LE(9);
    c.data(0, 1, 'host', new Uint8Array(Buffer.concat([syn(1), syn(3), syn(5)])));
    c.data(10, 1, 'plugin', new Uint8Array(Buffer.concat([syn(2), data(2, id)])));
    c.data(5010, 1, 'host', fin(2));
    expect(frames(events)).toEqual([
      "5010 host: FIN on MuxBroker id 9 after 5000 ms without accepting it: nothing on the host side called Accept(9) within go-plugin's 5 s, so its broker closed the stream and the plugin's Dial(9) fails with EOF (does the plugin dial the id the host accepts, and does the host accept it in time?)",
    ]);
    // An accepted stream (echo first) closing is not a fault.
    c.data(6000, 1, 'plugin', new Uint8Array(Buffer.concat([syn(4), data(4, id)])));
    c.data(6001, 1, 'host', new Uint8Array(Buffer.concat([data(4, id), fin(4)])));
    expect(frames(events)).toHaveLength(1);
  });
});

describe('hclog lines', () => {
  it('renders JSON hclog as level, module, message and fields; leaves other lines alone', () => {
    const line = '{"@level":"debug","@message":"plugin address","@module":"plugin.greeter","@timestamp":"2026-12-04T21:36:23.898659Z","address":"/tmp/p 1","network":"unix","n":3}';
    expect(formatHclog(parseHclog(line) as NonNullable<ReturnType<typeof parseHclog>>)).toBe('[DEBUG] plugin.greeter: plugin address: address="/tmp/p 1" network=unix n=3');
    expect(formatEvent({ kind: 'stderr', t: 1, line, via: 'pipe' })).toBe('· 1.0 ms  plugin stderr: [DEBUG] plugin.greeter: plugin address: address="/tmp/p 1" network=unix n=3');
    expect(formatEvent({ kind: 'stderr', t: 1, line: '{"@level":"info","@message":"hi"}', via: 'stream' })).toBe('· 1.0 ms  plugin stderr (stream): [INFO] hi');
    for (const plain of ['2026/12/04 Plugin address: unix /tmp/x', '{"@level":3}', '{"@level":"x"', '{"@level":"info","@message":"m"} trailing']) {
      expect(parseHclog(plain)).toBeUndefined();
      expect(formatEvent({ kind: 'stderr', t: 1, line: plain, via: 'pipe' })).toBe(`· 1.0 ms  plugin stderr: ${plain}`);
    }
  });
});
