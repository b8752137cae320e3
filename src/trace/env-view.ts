/**
 * Which environment variables the host set for the plugin (go-plugin client.go `Start`: the magic
 * cookie, PLUGIN_MIN_PORT, PLUGIN_MAX_PORT, PLUGIN_PROTOCOL_VERSIONS, PLUGIN_CLIENT_CERT,
 * PLUGIN_MULTIPLEX_GRPC, PLUGIN_UNIX_SOCKET_DIR/GROUP), values of secrets shortened. go-plugin
 * appends the cookie right before PLUGIN_MIN_PORT, so without `cookieKey` the (non-empty) variable
 * just before it is shown as the probable cookie, marked `?`: a wrapper script's shell may
 * reorder the environment.
 */
import { shortenSecret } from './render.js';

/** [name, shown value] pairs, in environment order. */
export function hostEnv(env: NodeJS.ProcessEnv, cookieKey?: string): Array<[string, string]> {
  const names = Object.keys(env);
  const guess = names[names.indexOf('PLUGIN_MIN_PORT') - 1];
  const cookie = cookieKey ?? (guess !== undefined && env[guess] !== '' ? guess : undefined);
  const mark = cookieKey === undefined ? '  (magic cookie?)' : '  (magic cookie)';
  const out: Array<[string, string]> = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    if (name === cookie) out.push([name, `${shortenSecret(value)}${mark}`]);
    else if (name.startsWith('PLUGIN_')) out.push([name, name === 'PLUGIN_CLIENT_CERT' ? shortenSecret(value) : value]);
  }
  return out;
}
