/**
 * Exit detection for a reattached plugin that is not our child (go-plugin `Client.reattach`:
 * `pidWait` polls the pid every second with signal 0). Node has no other way to watch a
 * foreign pid, so this is the one timer-based wait in the library; the timer is unref'd.
 */
import { unrefTimeout } from '../internal/deferred.js';

/** Resolves once `pid` no longer exists (ESRCH for signal 0). */
export function watchPid(pid: number, intervalMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      try {
        process.kill(pid, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EPERM') {
          resolve();
          return;
        }
      }
      unrefTimeout(check, intervalMs);
    };
    unrefTimeout(check, intervalMs);
  });
}
