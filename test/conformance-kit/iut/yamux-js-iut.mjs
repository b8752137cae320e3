// yamux-js (npm devDependency) as an IUT of `go-netrpc conformance yamux` (adapter `--iut yamux-js`).
// Follows the IUT duty (src/conformance/yamux/duty.ts) with yamux-js's public API only: a Server
// session per connection (`socket.pipe(session).pipe(socket)`), echo on 'data', close() on 'end',
// the OPEN command through session.open(), and its keepalive settings scaled like Go's.
import { createConnection, createServer } from 'node:net';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import yamuxJs from 'yamux-js';

const scale = Number(process.env.YAMUX_CONFORMANCE_TIME_SCALE ?? '1');
const quiet = () => undefined;

function pattern(size, id) {
  const b = Buffer.allocUnsafe(size);
  const base = (id * 31) % 251;
  for (let i = 0; i < size; i++) b[i] = (base + i) % 251;
  return b;
}

function serve(sock) {
  sock.on('error', quiet);
  sock.setNoDelay(true);
  const session = new yamuxJs.Server(
    (s) => {
      s.on('error', quiet);
      let head = Buffer.alloc(0);
      let decided = false;
      let command = false;
      s.on('data', (c) => {
        if (decided) {
          if (command) head = Buffer.concat([head, c]);
          else s.write(c);
          return;
        }
        head = Buffer.concat([head, c]);
        if (head.length < 5) return;
        decided = true;
        command = head.subarray(0, 5).toString() === 'OPEN ';
        if (!command) s.write(head);
      });
      s.on('end', () => {
        if (!decided && head.length > 0) s.write(head);
        if (command) {
          const m = /^OPEN (\d+) (\d+)( hold)?\n/.exec(head.toString());
          if (m !== null) {
            for (let i = 0; i < Number(m[1]); i++) {
              const o = session.open();
              o.on('error', quiet);
              o.on('data', quiet);
              o.write(pattern(Number(m[2]), o.ID()), () => {
                if (m[3] === undefined) o.close();
                else o.on('end', () => o.close());
              });
            }
          }
          s.write(m === null ? 'ERR bad command\n' : 'OK\n');
        }
        s.close();
      });
    },
    { logger: quiet, enableKeepAlive: true, keepAliveInterval: 30 * scale, connectionWriteTimeout: Math.max(2, 10 * scale) },
  );
  session.on('error', quiet);
  sock.pipe(session).pipe(sock);
  sock.on('close', () => session.close());
}

const dial = process.env.YAMUX_CONFORMANCE_DIAL;
const listen = process.env.YAMUX_CONFORMANCE_LISTEN;
if (listen !== undefined) {
  const i = listen.lastIndexOf(':');
  createServer(serve).listen(Number(listen.slice(i + 1)), listen.slice(0, i));
} else if (dial !== undefined) {
  const i = dial.lastIndexOf(':');
  // Keep one idle connection waiting: dial the next when one receives data or closes idle.
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
  process.stderr.write('yamux-js-iut: set YAMUX_CONFORMANCE_DIAL or YAMUX_CONFORMANCE_LISTEN\n');
  process.exit(2);
}
