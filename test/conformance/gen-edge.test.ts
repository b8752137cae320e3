/**
 * `go-netrpc gen` on a small Go module of edge cases, written to a temp directory: names that
 * clash with TypeScript (`Map`, `Date`), mutually recursive named containers, recursion through
 * structs, time.Time, uint64 beyond 2^53, interfaces with a statically registered payload,
 * RegisterName with a constant, types Go's gob cannot send (chan inside a map, generics: left
 * out with a note), a struct whose GobEncode is promoted from an embedded time.Time (typed as a
 * time), net/rpc's method rules on a receiver and on a Go interface, and method lists
 * (`--service Svc=Plugin:Do`) with services sharing a wire name. A Go program in
 * the same module encodes a value; the generated descriptors decode it and re-encode Go's exact
 * bytes.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { ServiceDescription } from '../../src/rpc/index.js';
import { GenError, emitModule, generate } from '../../src/gen/index.js';
import type { GenerateResult } from '../../src/gen/index.js';
import { encodeAll, decodeAll, hex } from '../helpers/gob-decode-all.js';
import { genCacheDir, generateAndImport, typeCheck, writeTemp } from '../helpers/gen-module.js';

const COLD_BUILD_MS = 600_000;

const GO_SOURCE = `package main

import (
	"encoding/gob"
	"math/big"
	"os"
	"time"
)

// Map and Date clash with TypeScript's globals.
type Map map[string]Date

type Date struct {
	When time.Time
	Next *Date
	Tags Tags
}

type Tags []Tag

type Tag struct {
	Name string
	Sub  Tags
}

// A and B are mutually recursive named containers.
type A map[string]B
type B []A

type Holder struct {
	M     Map
	AB    A
	Any   interface{}
	Err   error
	Arr   [2]uint16
	Big   uint64
	Huge  *big.Int
	At    Stamp
	AtP   *Stamp
	inner int
	Fn    func()
}

// Stamp's GobEncode is time.Time's, promoted from the embedded field (as k8s metav1.Time).
type Stamp struct{ time.Time }

type Pair[T any] struct{ X T }

// Bad has fields gob cannot send.
type Bad struct {
	Ch   map[string]chan int
	P    Pair[int]
	Name string
}

type Svc struct{}

func (Svc) Do(args Holder, reply *Holder) error  { *reply = args; return nil }
func (Svc) NoErr(a int, r *int) int              { return 0 }
func (Svc) ValueReply(a int, r int) error        { return nil }
func (Svc) Hidden(a hidden, r *int) error         { return nil }
func (Svc) Three(a, b int, r *int) error         { return nil }

type hidden struct{ X int }

type Remote interface {
	Call(args string, reply *[]string) error
}

func init() {
	gob.Register(Tag{})
	gob.RegisterName("my.Date", Date{})
}

func main() {
	v := Holder{
		M:   Map{"k": {When: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), Next: &Date{Tags: Tags{{Name: "t"}}}}},
		AB:  A{"x": B{A{"y": nil}}},
		Any: Tag{Name: "in-iface", Sub: Tags{{Name: "s"}}},
		Arr: [2]uint16{1, 65535},
		Big:  1<<63 + 5,
		Huge: new(big.Int).Lsh(big.NewInt(-1), 70),
		At:   Stamp{time.Date(2025, 6, 7, 8, 9, 10, 11, time.FixedZone("X", 3600))},
		AtP:  &Stamp{time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
	}
	if err := gob.NewEncoder(os.Stdout).Encode(v); err != nil {
		panic(err)
	}
}
`;

/** A user hook for math/big.Int (its GobEncode format: version 1 << 1 | sign bit, then the big-endian magnitude). */
const HOOKS = `export const bigIntHooks = {
  encode(v: bigint): Uint8Array {
    let m = v < 0n ? -v : v;
    const out: number[] = [];
    for (; m > 0n; m >>= 8n) out.unshift(Number(m & 255n));
    return Uint8Array.of(2 | (v < 0n ? 1 : 0), ...out);
  },
  decode(b: Uint8Array): bigint {
    let m = 0n;
    for (const x of b.subarray(1)) m = (m << 8n) | BigInt(x);
    return ((b[0] ?? 0) & 1) === 1 ? -m : m;
  },
};
`;
const hooks = { 'math/big.Int': './edge-hooks.js#bigIntHooks' };

function goRun(dir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('go', ['run', '.'], { cwd: dir, encoding: 'buffer', env: { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=mod' } }, (err, stdout, stderr) =>
      err === null ? resolve(stdout) : reject(new Error(`go run: ${stderr.toString()}`)),
    );
  });
}

let edgeModule: string | undefined;
/** The edge-case Go module, written to a temp directory on first use. */
function edgeDir(): string {
  if (edgeModule === undefined) {
    edgeModule = mkdtempSync(join(tmpdir(), 'go-netrpc-gen-edge-'));
    writeFileSync(join(edgeModule, 'go.mod'), 'module example.com/genedge\n\ngo 1.22\n');
    writeFileSync(join(edgeModule, 'main.go'), GO_SOURCE);
  }
  return edgeModule;
}

describe('gen: edge cases (a Go module written by the test)', () => {
  let gen: { result: GenerateResult; mod: Record<string, unknown> };
  let goBytes: Buffer;

  beforeAll(async () => {
    const dir = edgeDir();
    writeTemp({ 'edge-hooks.ts': HOOKS });
    [gen, goBytes] = await Promise.all([
      generateAndImport('edge', { dir, types: ['Holder', 'Bad'], services: ['Svc', 'Remote'], bigints: true, hooks }),
      goRun(dir),
    ]);
  }, COLD_BUILD_MS);

  it("renames TypeScript-clashing names and follows gob's and net/rpc's rules, with notes", () => {
    const src = gen.result.source;
    expect(src).toContain('export type Map_ = Map<string, Date_> | null;');
    expect(src).toContain('export interface Date_ {');
    expect(src).toContain("registry.registerType(Tag); // main.go");
    expect(src).toContain("registry.register('my.Date', Date_); // main.go");
    expect((gen.mod['Holder'] as gob.StructDescriptor).fields.map((f) => f.name)).toEqual(['M', 'AB', 'Any', 'Err', 'Arr', 'Big', 'Huge', 'At', 'AtP']);
    expect((gen.mod['Bad'] as gob.StructDescriptor).fields.map((f) => f.name)).toEqual(['Name']);
    expect(Object.keys((gen.mod['SvcService'] as ServiceDescription).methods)).toEqual(['Do']);
    expect((gen.mod['RemoteService'] as ServiceDescription).methods).toEqual({ Call: { args: gob.string, reply: gob.slice(gob.string) } });
    const notes = gen.result.notes.join('\n');
    expect(notes).toContain('main.Bad.Ch: chan int cannot travel in gob');
    expect(notes).toContain('generic type example.com/genedge.Pair[int] is not supported');
    expect(notes).toContain('main.Svc.NoErr is not an rpc method: does not return error');
    expect(notes).toContain('main.Svc.ValueReply is not an rpc method: reply type not a pointer');
    expect(notes).toContain('main.Svc.Hidden is not an rpc method: argument type not exported');
    expect(notes).toContain('main.Svc.Three is not an rpc method: has 3 arguments, needs 2');
    expect(src.split('\n').filter((l) => l.startsWith('//   - '))).toHaveLength(gen.result.notes.length);
  });

  it("decodes Go's value and re-encodes Go's exact bytes (time, recursion, interface, uint64 > 2^53)", () => {
    const registry = (gen.mod['register'] as (r: gob.Registry) => gob.Registry)(new gob.Registry());
    const Holder = gen.mod['Holder'] as gob.StructDescriptor;
    const [v] = decodeAll(goBytes, [Holder], registry) as [Record<string, unknown>];
    expect(v['Big']).toBe(2n ** 63n + 5n);
    expect(v['Huge']).toBe(-(2n ** 70n)); // decoded by the user hook
    expect(v['Arr']).toEqual([1, 65535]);
    expect((v['Any'] as gob.GoInterface).name).toBe('main.Tag');
    // Stamp (time.Time's GobEncode, promoted) decodes as a time, zone and nanoseconds included.
    expect(v['At']).toEqual(new gob.GoTime(gob.GoTime.fromUnix(Date.UTC(2025, 5, 7, 7, 9, 10) / 1000).sec, 11, 3600));
    expect(String(v['AtP'])).toBe('1999-12-31T23:59:59.999999999Z');
    expect(v['AB']).toEqual(new Map([['x', [new Map([['y', []]])]]])); // Go sends a nil slice map value as empty
    expect(hex(encodeAll([v], [Holder], registry))).toBe(hex(goBytes));
  });

  it('type-checks under strict TypeScript', () => {
    const [file] = writeTemp({ 'edge-strict.ts': emitModule(gen.result.model, { bigints: true, hooks }) });
    expect(typeCheck([file!])).toEqual([]);
    expect(gen.result.source).toContain("import { bigIntHooks as $hook0 } from './edge-hooks.js';");
    expect(gen.result.source).toContain('export type Int = gob.Infer<typeof Int>;');
    expect(() => emitModule(gen.result.model, { hooks: { 'big.Float': './x.js#y' } })).toThrow(/--hook for big.Float/);
  });
});

describe('gen: method lists and services sharing a wire name', () => {
  it('`Svc=Plugin:Do` keeps only Do; two `Plugin` services are named after their Go types', async () => {
    const two = await generateAndImport('edge-services', { dir: edgeDir(), services: ['Svc=Plugin:Do', 'Remote=Plugin'], bigints: true, hooks });
    expect(Object.keys((two.mod['Svc'] as ServiceDescription).methods)).toEqual(['Do']);
    expect((two.mod['Remote'] as ServiceDescription).name).toBe('Plugin');
    // Listed methods are not rejected silently: no note for the left-out ones either.
    expect(two.result.notes.filter((n) => n.includes('not an rpc method'))).toEqual([]);
  }, COLD_BUILD_MS);

  it('a listed method that is missing or not net/rpc-shaped is GO_LOAD_FAILED', async () => {
    await expect(generate({ dir: edgeDir(), services: ['Svc:Do,Nope'], cacheDir: genCacheDir })).rejects.toMatchObject({ code: 'GO_LOAD_FAILED', message: expect.stringContaining('main.Svc has no exported method Nope') });
    await expect(generate({ dir: edgeDir(), services: ['Svc:Three'], cacheDir: genCacheDir })).rejects.toMatchObject({
      code: 'GO_LOAD_FAILED',
      message: expect.stringContaining('main.Svc.Three is not an rpc method: has 3 arguments, needs 2'),
    });
  }, COLD_BUILD_MS);
});

describe('gen: failures of the Go side are GenErrors', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'go-netrpc-gen-fail-'));

  it('a helper that does not build is HELPER_BUILD_FAILED with go build\'s output', async () => {
    const fakeGo = join(scratch, 'fake-go');
    writeFileSync(fakeGo, '#!/bin/sh\nif [ "$1" = env ]; then echo go1.99-fake; echo linux; echo amd64; exit 0; fi\necho "boom: cannot build" >&2\nexit 1\n');
    chmodSync(fakeGo, 0o755);
    const err = await generate({ types: ['X'], goCommand: fakeGo, cacheDir: scratch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenError);
    expect(err).toMatchObject({ code: 'HELPER_BUILD_FAILED' });
    expect((err as Error).message).toContain('boom: cannot build');
  });

  it('an aborted signal is ABORTED, and no selector at all is BAD_OPTIONS', async () => {
    const aborted = await generate({ types: ['X'], cacheDir: scratch, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ code: 'ABORTED' });
    await expect(generate({})).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    await expect(generate({ types: [''] })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
  });
});
