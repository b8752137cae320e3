// yamux-js (npm devDependency) as an IUT of `go-netrpc conformance yamux` (adapter `--iut yamux-js`).
// Follows the IUT duty (src/conformance/yamux/duty.ts) with yamux-js's public API only: a Server
// session per connection (`socket.pipe(session).pipe(socket)`), echo on 'data', close() on 'end',
// the OPEN command through session.open(), and its keepalive settings scaled like Go's. In the
// client role it is a yamux-js Client, which takes no stream handler: it cannot accept streams.
import { Buffer } from 'node:buffer';
import yamuxJs from 'yamux-js';
import { parseOpen, pattern, role, runIut, scale } from './dial.mjs';

const quiet = () => undefined;

function serve(sock) {
  sock.on('error', quiet);
  sock.setNoDelay(true);
  const onStream = (s) => {
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
        const m = parseOpen(head.toString());
        if (m !== null) {
          for (let i = 0; i < m.n; i++) {
            const o = session.open();
            o.on('error', quiet);
            o.on('data', quiet);
            o.write(pattern(m.size, o.ID()), () => {
              if (!m.hold) o.close();
              else o.on('end', () => o.close());
            });
          }
        }
        s.write(m === null ? 'ERR bad command\n' : 'OK\n');
      }
      s.close();
    });
  };
  const config = { logger: quiet, enableKeepAlive: true, keepAliveInterval: 30 * scale, connectionWriteTimeout: Math.max(2, 10 * scale) };
  const session = role === 'client' ? new yamuxJs.Client(config) : new yamuxJs.Server(onStream, config);
  session.on('error', quiet);
  sock.pipe(session).pipe(sock);
  sock.on('close', () => session.close());
}

runIut('yamux-js-iut', serve);
