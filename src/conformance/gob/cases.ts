/**
 * The gob sections as runnable cases: each case feeds its corpus stream to the IUT and hands the
 * run to the judge (judge.ts). Section 8 needs the capability `typed`.
 */
import type { Section } from '../types.js';
import { GOB_SECTIONS, type GobCaseDef, type GobSectionDef } from './catalogue.js';
import type { IutRun } from './exec.js';
import { judgeHostile, judgeValue, type Bounds, type GobMode } from './judge.js';
import type { ManifestEntry } from './manifest.js';

export interface GobCtx {
  readonly mode: GobMode;
  readonly bounds: Bounds;
  readonly typed: boolean;
  entry(name: string): ManifestEntry;
  /** Runs the IUT on the case's stream. */
  exec(def: GobCaseDef, hostile: boolean): Promise<IutRun>;
}

export type GobSection = Section<GobCtx>;

function toSection(s: GobSectionDef): GobSection {
  return {
    id: s.id,
    title: s.title,
    cases: s.cases.map((def) => ({
      id: def.id,
      title: def.title,
      rule: def.rule,
      ...(s.kind === 'typed' ? { needs: ['typed'] } : {}),
      async run(ctx: GobCtx) {
        const e = ctx.entry(def.name);
        const hostile = s.kind !== 'value';
        const run = await ctx.exec(def, hostile);
        return hostile ? judgeHostile(e, run, ctx.mode, ctx.bounds, s.kind === 'typed' || ctx.typed) : judgeValue(e, run, ctx.mode);
      },
    })),
  };
}

export const GOB_CASE_SECTIONS: readonly GobSection[] = GOB_SECTIONS.map(toSection);
