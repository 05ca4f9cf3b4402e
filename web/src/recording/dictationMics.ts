// Dictation microphones over WebHID (Chrome/Edge): the buttons of Philips SpeechMike, Nuance
// PowerMic and Olympus RecMic drive the recorder. Report formats follow Google Chrome Labs'
// open-source `dictation_support` library (Apache-2.0, src/speechmike_hid_device.ts and
// src/powermic_3_device.ts), which reads these devices the same way:
//
// - SpeechMike in HID mode (Philips/Speech Processing Solutions, vendor 0x0911), vendor usage page
//   0xFFA0, usage 1. Product ids: 0x0c1c wired SpeechMike (LFH35xx, LFH36xx, SMP37xx, SMP38xx),
//   0x0c1d SpeechMike Premium Air (SMP40xx), 0x0c1e SpeechOne (PSM6000) / SpeechMike Ambient
//   (PSM5000), 0x0fa0 any SpeechMike in Browser/Gamepad mode (its 0xFFA0 collection).
//   Input report (WebHID `data`, report id stripped): byte 0 is the command, 0x80 = button event;
//   bytes 7..8 are a little-endian 16-bit button mask: bit 0 scan end, 1..4 F1..F4, 5 command,
//   7 scan success, 8 record, 9 stop, 10 play, 11 forward, 12 rewind, 13 EOL/priority,
//   14 insert/overwrite, 15 instruction. Slider models also report the slider position
//   (record/stop/play/rewind bits) as held bits; only newly set bits count as presses here.
// - SpeechMike in Browser/Gamepad mode (0x0911, products 0x0fa0 and 0x0c1e; usage page 1,
//   usage 4): the buttons arrive on the gamepad collection as a little-endian 16-bit mask in
//   bytes 0..1: bit 0 rewind, 1 play, 2 forward, 4 insert/overwrite, 5 record, 6 command,
//   9 instruction, 10..13 F1..F4, 14 EOL/priority (no stop button in this mode).
//   The PowerMic 4 (0x0554/0x0064) in that mode: 0 tab backward, 1 play, 2 tab forward,
//   4 forward, 5 record, 6 command, 9 enter/select, 10..13 F1..F4, 14 rewind.
// - PowerMic 4 (Nuance, vendor 0x0554, product 0x0064, usage page 0xFFA0, usage 1): the same
//   report as the SpeechMike, with its own bits: 8 record, 10 play, 11 tab forward,
//   12 tab backward, 13 rewind, 14 forward, 15 enter/select, 5 command, 1..4 F1..F4.
// - PowerMic III (Nuance, vendor 0x0554, product 0x1001, usage page 1, usage 0): bytes 1..2 are a
//   little-endian 16-bit mask: bit 0 transcribe, 1 tab backward, 2 record, 3 tab forward,
//   4 rewind, 5 forward, 6 play, 7 custom left, 8 enter/select, 9 custom right.
// - RecMic (Olympus / OM Digital Solutions, vendor 0x07b4): Olympus does not publish the RecMic's
//   HID report format and dictation_support does not cover it, so its buttons are taught once
//   (press each button when asked): the bit that changes is remembered in this browser.
//   Other devices with bit-per-button reports can be taught the same way.

export type MicAction = 'record' | 'stop' | 'play' | 'rewind' | 'forward' | 'insOvr' | 'send';

export const MIC_ACTIONS: { id: MicAction; label: string }[] = [
  { id: 'record', label: 'Record' },
  { id: 'stop', label: 'Stop' },
  { id: 'play', label: 'Play' },
  { id: 'rewind', label: 'Rewind' },
  { id: 'forward', label: 'Fast forward' },
  { id: 'insOvr', label: 'Insert / overwrite' },
  { id: 'send', label: 'End of letter (send)' },
];

export interface MicFilter {
  vendorId: number;
  productId?: number;
  usagePage?: number;
  usage?: number;
}

export interface MicModel {
  name: string;
  filters: MicFilter[];
  /** The pressed buttons' bit mask in one input report, or null when the report is not a button event. */
  mask(data: DataView): number | null;
  /** Which bit means which action (devices that are taught carry their mapping elsewhere). */
  bits: Partial<Record<MicAction, number>>;
}

const SPEECHMIKE_VENDOR = 0x0911;
const NUANCE_VENDOR = 0x0554;
export const OLYMPUS_VENDOR = 0x07b4;
const VENDOR_PAGE = 0xffa0;

/** SpeechMike/PowerMic 4 HID mode: command 0x80, mask in bytes 7..8 (little-endian). */
function speechMikeMask(data: DataView): number | null {
  if (data.byteLength < 9 || data.getUint8(0) !== 0x80) return null;
  return data.getUint16(7, true);
}

export const SPEECHMIKE: MicModel = {
  name: 'Philips SpeechMike',
  filters: [0x0c1c, 0x0c1d, 0x0c1e, 0x0fa0].map((productId) => ({
    vendorId: SPEECHMIKE_VENDOR,
    productId,
    usagePage: VENDOR_PAGE,
    usage: 1,
  })),
  mask: speechMikeMask,
  bits: {
    record: 1 << 8,
    stop: 1 << 9,
    play: 1 << 10,
    forward: 1 << 11,
    rewind: 1 << 12,
    send: 1 << 13, // EOL / priority
    insOvr: 1 << 14,
  },
};

export const POWERMIC_4: MicModel = {
  name: 'Nuance PowerMic 4',
  filters: [{ vendorId: NUANCE_VENDOR, productId: 0x0064, usagePage: VENDOR_PAGE, usage: 1 }],
  mask: speechMikeMask,
  bits: {
    record: 1 << 8,
    play: 1 << 10,
    rewind: 1 << 13,
    forward: 1 << 14,
    send: 1 << 15, // enter/select
  },
};

export const POWERMIC_3: MicModel = {
  name: 'Nuance PowerMic III',
  filters: [{ vendorId: NUANCE_VENDOR, productId: 0x1001, usagePage: 1, usage: 0 }],
  mask: (data) => (data.byteLength < 3 ? null : data.getUint16(1, true)),
  bits: {
    record: 1 << 2,
    rewind: 1 << 4,
    forward: 1 << 5,
    play: 1 << 6,
    send: 1 << 8, // enter/select
  },
};

/** Gamepad-mode buttons: a 16-bit little-endian mask in bytes 0..1. */
const gamepadMask = (data: DataView): number | null => (data.byteLength < 2 ? null : data.getUint16(0, true));

export const SPEECHMIKE_GAMEPAD: MicModel = {
  name: 'Philips SpeechMike (Browser/Gamepad mode)',
  filters: [0x0fa0, 0x0c1e].map((productId) => ({
    vendorId: SPEECHMIKE_VENDOR,
    productId,
    usagePage: 1,
    usage: 4,
  })),
  mask: gamepadMask,
  bits: { rewind: 1 << 0, play: 1 << 1, forward: 1 << 2, insOvr: 1 << 4, record: 1 << 5, send: 1 << 14 },
};

export const POWERMIC_4_GAMEPAD: MicModel = {
  name: 'Nuance PowerMic 4 (Browser/Gamepad mode)',
  filters: [{ vendorId: NUANCE_VENDOR, productId: 0x0064, usagePage: 1, usage: 4 }],
  mask: gamepadMask,
  bits: { play: 1 << 1, forward: 1 << 4, record: 1 << 5, send: 1 << 9, rewind: 1 << 14 },
};

/** Any bit-per-button device (the RecMic): all report bytes as one mask, mapping taught by the user. */
export const TAUGHT: MicModel = {
  name: 'Olympus RecMic',
  filters: [{ vendorId: OLYMPUS_VENDOR }],
  mask: (data) => {
    let m = 0;
    // Up to 4 bytes fit a 32-bit mask; bit-per-button reports keep buttons in the first bytes.
    for (let i = 0; i < Math.min(4, data.byteLength); i++) m |= data.getUint8(i) << (8 * i);
    return m >>> 0;
  },
  bits: {},
};

export const KNOWN_MICS: MicModel[] = [
  SPEECHMIKE,
  SPEECHMIKE_GAMEPAD,
  POWERMIC_4,
  POWERMIC_4_GAMEPAD,
  POWERMIC_3,
  TAUGHT,
];

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  collections?: { usagePage?: number; usage?: number }[];
}

function matches(d: HidDeviceInfo, f: MicFilter): boolean {
  if (f.vendorId !== d.vendorId) return false;
  if (f.productId !== undefined && f.productId !== d.productId) return false;
  if (f.usagePage === undefined || !d.collections?.length) return true;
  return d.collections.some(
    (c) => c.usagePage === f.usagePage && (f.usage === undefined || c.usage === f.usage),
  );
}

/** The model for a device, by vendor/product id and (when known) its HID collection. */
export function modelFor(d: HidDeviceInfo): MicModel | null {
  return KNOWN_MICS.find((m) => m.filters.some((f) => matches(d, f))) ?? null;
}

/** Actions whose button was pressed in `next` and not in `prev` (press edges, not held bits). */
export function pressedActions(
  prev: number,
  next: number,
  bits: Partial<Record<MicAction, number>>,
): MicAction[] {
  const newly = next & ~prev;
  if (!newly) return [];
  return MIC_ACTIONS.map((a) => a.id).filter((a) => {
    const b = bits[a];
    return b !== undefined && (newly & b) !== 0;
  });
}

/** Teaching a button: the single bit newly set between the idle report and the pressed one. */
export function taughtBit(idle: number, pressed: number): number | null {
  const d = (pressed & ~idle) >>> 0;
  // exactly one bit: a power of two
  return d !== 0 && (d & (d - 1)) === 0 ? d : null;
}
