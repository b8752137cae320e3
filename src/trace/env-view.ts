/**
 * Which environment variables the host set for the plugin (go-plugin client.go `Start`: the magic
 * cookie, PLUGIN_MIN_PORT, PLUGIN_MAX_PORT, PLUGIN_PROTOCOL_VERSIONS, PLUGIN_CLIENT_CERT,
 * PLUGIN_MULTIPLEX_GRPC, PLUGIN_UNIX_SOCKET_DIR/GROUP; Packer's packer/plugin/client.go:
 * PACKER_PLUGIN_MAGIC_COOKIE, PACKER_PLUGIN_MIN_PORT/MAX_PORT, PACKER_RUN_UUID), values of
 * secrets shortened. go-plugin appends the cookie right before PLUGIN_MIN_PORT, so without
 * `cookieKey` the (non-empty) variable just before it is shown as the probable cookie, marked
 * `?`: a wrapper script's shell may reorder the environment. Packer's cookie has a fixed name.
 */
import { MAGIC_COOKIE_KEY as PACKER_COOKIE_KEY } from '../packer/index.js';
import { shortenSecret } from './render.js';

const PACKER_VARS = new Set(['PACKER_PLUGIN_MIN_PORT', 'PACKER_PLUGIN_MAX_PORT', 'PACKER_RUN_UUID']);
const shown = (name: string): boolean => name.startsWith('PLUGIN_') || PACKER_VARS.has(name);

/** [name, shown value] pairs, in environment order. */
export function hostEnv(env: NodeJS.ProcessEnv, cookieKey?: string): Array<[string, string]> {
  const names = Object.keys(env);
  const guess = names[names.indexOf('PLUGIN_MIN_PORT') - 1];
  const packer = (env[PACKER_COOKIE_KEY] ?? '') !== '';
  const known = cookieKey ?? (packer ? PACKER_COOKIE_KEY : undefined);
  const cookie = known ?? (guess !== undefined && env[guess] !== '' ? guess : undefined);
  const mark = known === undefined ? '  (magic cookie?)' : '  (magic cookie)';
  const out: Array<[string, string]> = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    if (name === cookie) out.push([name, `${shortenSecret(value)}${mark}`]);
    else if (shown(name)) out.push([name, name === 'PLUGIN_CLIENT_CERT' ? shortenSecret(value) : value]);
  }
  return out;
}
