import { describe, expect, it } from 'vitest';
import { decodePedalReport, KNOWN_PEDALS } from './footPedal';

describe('foot pedal reports', () => {
  it('decodes the VEC Infinity bitmask: left=1, middle=2, right=4', () => {
    expect(decodePedalReport(0)).toEqual({ left: false, middle: false, right: false });
    expect(decodePedalReport(1)).toEqual({ left: true, middle: false, right: false });
    expect(decodePedalReport(2)).toEqual({ left: false, middle: true, right: false });
    expect(decodePedalReport(4)).toEqual({ left: false, middle: false, right: true });
    expect(decodePedalReport(6)).toEqual({ left: false, middle: true, right: true });
  });
  it('knows the IN-USB-2 by vendor and product id', () => {
    expect(KNOWN_PEDALS).toContainEqual(expect.objectContaining({ vendorId: 0x05f3, productId: 0x00ff }));
  });
});
