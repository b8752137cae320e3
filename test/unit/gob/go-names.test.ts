/** Go type strings, names and Register names of descriptors. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { goName, typeKey } from '../../../src/gob/go-names.js';

const Node = gob.struct('Node', { V: gob.int });
const Item = gob.struct('Item', { A: gob.int });

describe('go-names', () => {
  it('goString like reflect.Type.String()', () => {
    expect(gob.goString(gob.slice(gob.ptr(Node)))).toBe('[]*main.Node');
    expect(gob.goString(gob.map(gob.string, gob.int))).toBe('map[string]int');
    expect(gob.goString(gob.array(gob.int, 3))).toBe('[3]int');
    expect(gob.goString(gob.slice(Item))).toBe('[]main.Item');
    expect(gob.goString(gob.array(gob.uint8, 4))).toBe('[4]uint8');
    expect(gob.goString(gob.map(gob.string, gob.interface))).toBe('map[string]interface {}');
    expect(gob.goString(gob.emptyStruct)).toBe('struct {}');
    expect(gob.goString(gob.struct('', { X: gob.int, Y: gob.string }))).toBe('struct { X int; Y string }');
    expect(gob.goString(gob.struct('net/url.URL', {}))).toBe('url.URL');
  });
  it('Name() is empty for unnamed composites', () => {
    expect(goName(Node)).toBe('Node');
    expect(goName(gob.slice(gob.int))).toBe('');
    expect(goName(gob.ptr(Node))).toBe('');
    expect(goName(gob.named('MyInts', gob.slice(gob.int)))).toBe('MyInts');
  });
  it('registerName', () => {
    expect(gob.registerName(Node)).toBe('main.Node');
    expect(gob.registerName(gob.ptr(Node))).toBe('*main.Node');
    expect(gob.registerName(gob.struct('math/big.Int', {}))).toBe('math/big.Int');
    expect(gob.registerName(gob.ptr(gob.struct('net/url.URL', {})))).toBe('*url.URL');
  });
  it('typeKey: unnamed types are structural, named types by identity', () => {
    expect(typeKey(gob.slice(gob.int))).toBe(typeKey(gob.slice(gob.int)));
    expect(typeKey(gob.slice(gob.int))).not.toBe(typeKey(gob.slice(gob.int64)));
    expect(typeKey(gob.struct('A', {}))).not.toBe(typeKey(gob.struct('A', {})));
    expect(typeKey(gob.int64n)).toBe(typeKey(gob.int64));
  });
});
