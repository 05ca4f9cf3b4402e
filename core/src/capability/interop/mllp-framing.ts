// MLLP framing (HL7 v2 Implementation Guide, appendix C): <VT> message <FS><CR>, UTF-8.
const VT = 0x0b;
const FS_CR = Buffer.from([0x1c, 0x0d]);

export function mllpFrame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), FS_CR]);
}

/**
 * The complete frames at the front of a receive buffer, and what is left: an unfinished frame
 * (from its VT on; `pending` is its size so far), or nothing when no frame has started.
 */
export function readMllpFrames(buffer: Buffer): { frames: string[]; rest: Buffer; pending: number } {
  const frames: string[] = [];
  let rest = buffer;
  for (;;) {
    const start = rest.indexOf(VT);
    if (start < 0) return { frames, rest: Buffer.alloc(0), pending: 0 };
    const end = rest.indexOf(FS_CR, start);
    if (end < 0) return { frames, rest, pending: rest.length - start };
    frames.push(rest.subarray(start + 1, end).toString('utf8'));
    rest = rest.subarray(end + 2);
  }
}
