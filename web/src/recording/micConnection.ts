// The browser side of dictation microphones (WebHID): ask for the device, open it, turn its input
// reports into recorder actions. Decoding lives in dictationMics.ts (pure, unit-tested).
import { KNOWN_MICS, type MicAction, type MicModel, modelFor, pressedActions, TAUGHT } from './dictationMics';

// Minimal WebHID typings (not in TypeScript's DOM lib).
interface HidInputReportEvent extends Event {
  data: DataView;
  reportId: number;
}
export interface HidDevice extends EventTarget {
  opened: boolean;
  vendorId: number;
  productId: number;
  productName: string;
  collections?: { usagePage?: number; usage?: number }[];
  open(): Promise<void>;
  close(): Promise<void>;
}
interface Hid extends EventTarget {
  getDevices(): Promise<HidDevice[]>;
  requestDevice(opts: { filters: object[] }): Promise<HidDevice[]>;
}

function hid(): Hid | null {
  return ((navigator as unknown as { hid?: Hid }).hid ?? null) as Hid | null;
}

export function webHidAvailable(): boolean {
  return hid() !== null && window.isSecureContext;
}

const TAUGHT_STORE = 'dictum.taughtMicButtons';

/** Buttons taught for a device without a published report format (RecMic), per vendor:product. */
export function taughtBits(d: { vendorId: number; productId: number }): Partial<Record<MicAction, number>> {
  try {
    const all = JSON.parse(localStorage.getItem(TAUGHT_STORE) ?? '{}') as Record<
      string,
      Partial<Record<MicAction, number>>
    >;
    return all[`${d.vendorId}:${d.productId}`] ?? {};
  } catch {
    return {};
  }
}

export function saveTaughtBit(d: { vendorId: number; productId: number }, action: MicAction, bit: number) {
  const all = JSON.parse(localStorage.getItem(TAUGHT_STORE) ?? '{}') as Record<
    string,
    Record<string, number>
  >;
  const key = `${d.vendorId}:${d.productId}`;
  all[key] = { ...(all[key] ?? {}), [action]: bit };
  localStorage.setItem(TAUGHT_STORE, JSON.stringify(all));
}

/** One opened HID interface of the microphone, with the model that reads its reports. */
interface Attached {
  device: HidDevice;
  model: MicModel;
  last: number;
  onReport: (e: Event) => void;
}

/**
 * The connected microphone. A microphone can show up as several HID interfaces (a SpeechMike in
 * Browser/Gamepad mode sends its buttons on the gamepad collection, its commands on the vendor
 * one): every interface a model reads is listened to.
 */
export class MicConnection {
  private attached: Attached[] = [];
  /** While teaching: called with each report's mask instead of acting on it. */
  onRawMask: ((previous: number, mask: number) => void) | null = null;
  private onDisconnect = (e: Event) => {
    const gone = (e as unknown as { device: HidDevice }).device;
    const before = this.attached.length;
    this.attached = this.attached.filter((a) => a.device !== gone);
    if (this.attached.length !== before) this.onChange();
  };

  constructor(
    private onAction: (action: MicAction) => void,
    private onChange: () => void,
  ) {
    hid()?.addEventListener('disconnect', this.onDisconnect);
  }

  /** The first interface's device (for taught buttons, keyed by vendor and product). */
  get device(): HidDevice | null {
    return this.attached[0]?.device ?? null;
  }

  get name(): string {
    const a = this.attached[0];
    return a ? a.device.productName || a.model.name : '';
  }

  /** True when the device's buttons must be taught (no published report format). */
  get needsTeaching(): boolean {
    return this.attached.some((a) => a.model === TAUGHT);
  }

  /** Re-open a microphone this site may already use (no prompt). */
  async reconnect(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    return this.attach(await h.getDevices());
  }

  /** Ask the user to choose the microphone (needs a click). */
  async request(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    const filters = KNOWN_MICS.flatMap((m) => m.filters);
    return this.attach(await h.requestDevice({ filters }));
  }

  private async attach(devices: HidDevice[]): Promise<boolean> {
    const readable = devices.filter((d) => modelFor(d));
    if (!readable.length) return false;
    this.detach();
    for (const device of readable) {
      if (!device.opened) await device.open();
      const a: Attached = { device, model: modelFor(device) ?? TAUGHT, last: 0, onReport: () => {} };
      a.onReport = (e) => this.handle(a, e as HidInputReportEvent);
      device.addEventListener('inputreport', a.onReport);
      this.attached.push(a);
    }
    this.onChange();
    return true;
  }

  detach() {
    for (const a of this.attached) {
      a.device.removeEventListener('inputreport', a.onReport);
      void a.device.close().catch(() => {});
    }
    this.attached = [];
  }

  destroy() {
    this.detach();
    hid()?.removeEventListener('disconnect', this.onDisconnect);
  }

  private handle(a: Attached, e: HidInputReportEvent) {
    const mask = a.model.mask(e.data);
    if (mask === null) return;
    const previous = a.last;
    a.last = mask;
    if (this.onRawMask) {
      this.onRawMask(previous, mask);
      return;
    }
    const bits = a.model === TAUGHT ? taughtBits(a.device) : a.model.bits;
    for (const action of pressedActions(previous, mask, bits)) this.onAction(action);
  }
}
