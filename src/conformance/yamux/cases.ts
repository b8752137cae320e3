/**
 * Every yamux conformance section, in report order. Case ids are stable: a retired case keeps its
 * id unused.
 */
import { flow } from './cases-flow.js';
import { framing } from './cases-framing.js';
import { limits, timeouts } from './cases-limits.js';
import { malformed } from './cases-malformed.js';
import { goAway, ping } from './cases-session.js';
import { streams } from './cases-streams.js';
import type { YamuxSection } from './context.js';

export const YAMUX_SECTIONS: readonly YamuxSection[] = [framing, streams, flow, ping, goAway, malformed, limits, timeouts];
