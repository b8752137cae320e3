/**
 * Managed clients (go-plugin `ClientConfig.Managed`, `CleanupClients`, `Killed`): registered
 * clients are killed by {@link cleanupClients}, and SIGKILLed synchronously if the host process
 * exits without calling it (Go leaves them running; a Node 'exit' hook cannot wait).
 */

interface Killable {
  kill(): Promise<void>;
  readonly pid: number | undefined;
  exited(): boolean;
}

const managed = new Set<Killable>();
let hooked = false;
let killed = false;

function onExit(): void {
  for (const c of managed) {
    const pid = c.pid;
    if (pid !== undefined && !c.exited()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Adds a started client to the set {@link cleanupClients} kills (PluginClient's; not in go-netrpc/plugin's exports). */
export function register(c: Killable): void {
  managed.add(c);
  if (!hooked) {
    hooked = true;
    process.on('exit', onExit);
  }
}

/** Removes a client that exited or was killed (PluginClient's; not in go-netrpc/plugin's exports). */
export function unregister(c: Killable): void {
  managed.delete(c);
}

/** Go `Killed`: true once {@link cleanupClients} ran. */
export function clientsKilled(): boolean {
  return killed;
}

/** Go `CleanupClients`: kills every managed client in parallel and waits for all. */
export async function cleanupClients(): Promise<void> {
  killed = true;
  await Promise.allSettled([...managed].map((c) => c.kill()));
}
