// @chainsafe/libp2p-yamux 7 (npm devDependency; js-libp2p's yamux) as an IUT of `go-netrpc
// conformance yamux` (adapter `--iut chainsafe`). Follows the IUT duty (src/conformance/yamux/
// duty.ts) with the package's public API only: `yamux(init)(components).createStreamMuxer()`
// per TCP connection (direction 'inbound' = server, 'outbound' = client role), wired to the
// socket as a libp2p duplex (`muxer.sink(socket)`, `muxer.source` written to the socket with
// backpressure); every incoming stream is echoed through `stream.sink(stream.source)`, the OPEN
// command opens streams with `muxer.newStream()`. Keepalive is scaled like Go's; the package has
// no StreamOpenTimeout or StreamCloseTimeout, so the adapter declares only `open`.
// (@chainsafe/libp2p-yamux 8 needs Node >= 22 and a libp2p MessageStream; 7 is the line that runs
// on this package's Node 20.)
import { once } from 'node:events';
import { Buffer } from 'node:buffer';
import { yamux } from '@chainsafe/libp2p-yamux';
import { parseOpen, pattern, role, runIut, scale } from './dial.mjs';

const quiet = () => undefined;

/** A silent libp2p ComponentLogger (the package logs through it). */
function quietLogger() {
  const log = Object.assign(() => undefined, { error: quiet, trace: quiet, enabled: false });
  log.newScope = () => log;
  return { forComponent: () => log };
}

const factory = yamux({ enableKeepAlive: true, keepAliveInterval: 30_000 * scale })({ logger: quietLogger() });

/** A chunk of a libp2p source (Uint8Array or Uint8ArrayList) as one Buffer. */
const toBuffer = (c) => (c instanceof Uint8Array ? Buffer.from(c.buffer, c.byteOffset, c.byteLength) : Buffer.from(c.subarray()));

async function drain(iterator) {
  for (;;) if ((await iterator.next()).done) return;
}

function openStreams(muxer, { n, size, hold }) {
  for (let i = 0; i < n; i++) {
    const o = muxer.newStream();
    const it = o.source[Symbol.asyncIterator]();
    const drained = drain(it).catch(quiet);
    const data = pattern(size, Number(o.id));
    o.sink(
      (async function* () {
        yield data;
        if (hold) await drained;
      })(),
    ).catch(quiet);
  }
}

async function handle(muxer, stream) {
  const it = stream.source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < 5) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    head = Buffer.concat([head, toBuffer(r.value)]);
  }
  if (head.subarray(0, 5).toString() === 'OPEN ') {
    const parts = [head];
    for (let r = await it.next(); !r.done; r = await it.next()) parts.push(toBuffer(r.value));
    const cmd = parseOpen(Buffer.concat(parts).toString());
    if (cmd !== null) openStreams(muxer, cmd);
    await stream.sink([Buffer.from(cmd === null ? 'ERR bad command\n' : 'OK\n')]);
    return;
  }
  await stream.sink(
    (async function* () {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield toBuffer(r.value);
    })(),
  );
}

function serve(sock) {
  sock.on('error', quiet);
  sock.setNoDelay(true);
  const muxer = factory.createStreamMuxer({
    direction: role === 'client' ? 'outbound' : 'inbound',
    onIncomingStream: (stream) => void handle(muxer, stream).catch((err) => stream.abort(err)),
  });
  muxer.sink(sock).catch(quiet);
  void (async () => {
    try {
      for await (const chunk of muxer.source) if (!sock.write(toBuffer(chunk))) await once(sock, 'drain');
      sock.end();
    } catch {
      sock.destroy();
    }
  })();
  sock.on('close', () => muxer.abort(new Error('connection closed')));
}

runIut('chainsafe-iut', serve);
