/**
 * MessagePairEncoder: two values encoded as one unit (net/rpc's header + body) give the bytes of
 * two plain Encode calls, or nothing when either fails; definitions recorded by a failed pair
 * reach the stream with the next pair, so a Decoder reads every later pair.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { concatBytes } from '../../../src/internal/bytes.js';

const Header = gob.struct('Header', { Name: gob.string, Seq: gob.uintAuto });
const Body = gob.struct('Body', { A: gob.int, Tags: gob.slice(gob.string) });

describe('gob MessagePairEncoder', () => {
  it('writes the bytes of two Encode calls on a plain Encoder', () => {
    const pairs = new gob.MessagePairEncoder(new gob.Encoder());
    const plain = new gob.Encoder();
    for (let i = 0; i < 3; i++) {
      const got = concatBytes(pairs.encode({ Name: `x${i}`, Seq: i }, Header, { A: -i, Tags: ['t'] }, Body));
      const want = concatBytes([plain.encode({ Name: `x${i}`, Seq: i }, Header), plain.encode({ A: -i, Tags: ['t'] }, Body)]);
      expect(Buffer.from(got).toString('hex')).toBe(Buffer.from(want).toString('hex'));
    }
  });

  it('a failed second value writes nothing; its pair’s definitions go out with the next pair', () => {
    const pairs = new gob.MessagePairEncoder(new gob.Encoder());
    const stream: Uint8Array[] = [];
    expect(() => pairs.encode({ Name: 'bad', Seq: 0 }, Header, { A: 1.5, Tags: [] }, Body)).toThrow(gob.GobError);
    expect(() => pairs.encode({ Name: 'bad', Seq: 1 }, Header, { A: 2 ** 70, Tags: [] }, Body)).toThrow(gob.GobError);
    stream.push(...pairs.encode({ Name: 'ok', Seq: 2 }, Header, { A: 7, Tags: ['a', 'b'] }, Body));
    stream.push(...pairs.encode({ Name: 'ok2', Seq: 3 }, Header, { A: 8, Tags: [] }, Body));
    const dec = new gob.Decoder();
    dec.push(concatBytes(stream));
    expect(dec.decode(Header)).toEqual({ Name: 'ok', Seq: 2 });
    expect(dec.decode(Body)).toEqual({ A: 7, Tags: ['a', 'b'] });
    expect(dec.decode(Header)).toEqual({ Name: 'ok2', Seq: 3 });
    expect(dec.decode(Body)).toEqual({ A: 8, Tags: [] });
    expect(dec.decode(Header)).toBe(gob.NEED_MORE);
  });

  it('rejects a first type that can hold interfaces (a failed pair could lose their definitions)', () => {
    const pairs = new gob.MessagePairEncoder(new gob.Encoder());
    const WithAny = gob.struct('WithAny', { V: gob.interface });
    const e = (() => {
      try {
        pairs.encode({ V: null }, WithAny, { A: 1, Tags: [] }, Body);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(gob.GobError);
    expect((e as gob.GobError).code).toBe('INVALID_DESCRIPTOR');
  });
});
