/**
 * Keeps the traced plugin from outliving the proxy. A go-plugin host ends a plugin it gave up on
 * with SIGKILL (client.go `Kill` → `process.Kill()`), which now hits the proxy, not the plugin.
 * A tiny `sh` watchdog holds the read end of a pipe whose write end only the proxy has: when the
 * proxy dies for any reason the pipe reaches EOF and the watchdog SIGKILLs the plugin, as the
 * host would have. POSIX only (no watchdog on Windows).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Starts the watchdog for `pid`; returns a function that stops it (call once the plugin exited). */
export function guardOrphan(pid: number | undefined): () => void {
  if (pid === undefined || process.platform === 'win32') return () => {};
  let dog: ChildProcess;
  try {
    dog = spawn('/bin/sh', ['-c', `read _ignored; kill -KILL ${pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  } catch {
    return () => {};
  }
  dog.on('error', () => {});
  dog.stdin?.on('error', () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return () => {
    if (dog.exitCode === null && dog.signalCode === null) dog.kill('SIGKILL');
  };
}
