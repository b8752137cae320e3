import { describe, expect, it } from 'vitest';
import { decodeHeader, describeHeader, encodeHeader, Flag, FrameType, HEADER_SIZE } from 'go-netrpc/yamux';
import { encodeHeaderInto, readU32 } from '../../../src/yamux/frame.js';

describe('yamux frame header (Go header.encode)', () => {
  it('encodes the WindowUpdate+SYN go-plugin sends for stream 1 (verified bytes)', () => {
    expect(encodeHeader(FrameType.WindowUpdate, Flag.SYN, 1, 0).toString('hex')).toBe('000100010000000100000000');
    expect(encodeHeader(FrameType.WindowUpdate, Flag.ACK, 2, 0).toString('hex')).toBe('000100020000000200000000');
  });

  it('round-trips extreme values big-endian', () => {
    const b = encodeHeader(FrameType.GoAway, 0xffff, 0xffff_fffe, 0xffff_ffff);
    expect(b.length).toBe(HEADER_SIZE);
    expect(decodeHeader(b)).toEqual({ version: 0, type: 3, flags: 0xffff, streamId: 0xffff_fffe, length: 0xffff_ffff });
    expect(readU32(b, 4)).toBe(0xffff_fffe);
  });

  it('encodes into a caller buffer at an offset', () => {
    const out = new Uint8Array(20);
    encodeHeaderInto(out, 5, FrameType.Data, Flag.FIN | Flag.ACK, 7, 300);
    expect(decodeHeader(out, 5)).toEqual({ version: 0, type: 0, flags: 6, streamId: 7, length: 300 });
  });

  it('describes headers for logs', () => {
    expect(describeHeader({ version: 0, type: 1, flags: 3, streamId: 3, length: 0 })).toBe('WindowUpdate[SYN|ACK] stream=3 length=0');
    expect(describeHeader({ version: 2, type: 9, flags: 0x18, streamId: 0, length: 1 })).toBe('type9[RST|0x10] stream=0 length=1 version=2');
  });
});
