// The transport half of every npm IUT script of `go-netrpc conformance yamux`: reach the kit as
// the IUT duty says (src/conformance/yamux/duty.ts) and hand each TCP connection to `serve`.
// YAMUX_CONFORMANCE_LISTEN=HOST:PORT listens; YAMUX_CONFORMANCE_DIAL=HOST:PORT dials and keeps
// ONE idle connection waiting (the next is dialled when one receives data or closes idle).
import { createConnection, createServer } from 'node:net';
import process from 'node:process';
import { Buffer } from 'node:buffer';

/** The IUT's yamux role (YAMUX_CONFORMANCE_ROLE, default server). */
export const role = process.env.YAMUX_CONFORMANCE_ROLE === 'client' ? 'client' : 'server';
/** Go's timeouts are multiplied by this (YAMUX_CONFORMANCE_TIME_SCALE). */
export const scale = Number(process.env.YAMUX_CONFORMANCE_TIME_SCALE ?? '1');

/** Byte i of a stream the IUT opens on request: (id*31 + i) % 251. */
export function pattern(size, id) {
  const b = Buffer.allocUnsafe(size);
  const base = (id * 31) % 251;
  for (let i = 0; i < size; i++) b[i] = (base + i) % 251;
  return b;
}

/** Parses an OPEN command ("OPEN <n> <size>[ hold]\n"), or null. */
export function parseOpen(text) {
  const m = /^OPEN (\d+) (\d+)( hold)?\n/.exec(text);
  return m === null ? null : { n: Number(m[1]), size: Number(m[2]), hold: m[3] !== undefined };
}

export function runIut(name, serve) {
  const dial = process.env.YAMUX_CONFORMANCE_DIAL;
  const listen = process.env.YAMUX_CONFORMANCE_LISTEN;
  if (listen !== undefined) {
    const i = listen.lastIndexOf(':');
    createServer(serve).listen(Number(listen.slice(i + 1)), listen.slice(0, i));
  } else if (dial !== undefined) {
    const i = dial.lastIndexOf(':');
    const dialOne = () => {
      const sock = createConnection(Number(dial.slice(i + 1)), dial.slice(0, i));
      let used = false;
      let connected = false;
      sock.once('connect', () => {
        connected = true;
        serve(sock);
      });
      sock.once('data', () => {
        used = true;
        dialOne();
      });
      sock.once('close', () => {
        if (connected && !used) dialOne();
      });
    };
    dialOne();
  } else {
    process.stderr.write(`${name}: set YAMUX_CONFORMANCE_DIAL or YAMUX_CONFORMANCE_LISTEN\n`);
    process.exit(2);
  }
}
