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

export class MicConnection {
  device: HidDevice | null = null;
  model: MicModel | null = null;
  private last = 0;
  /** While teaching: called with each report's mask instead of acting on it. */
  onRawMask: ((previous: number, mask: number) => void) | null = null;
  private onReport = (e: Event) => this.handle(e as HidInputReportEvent);
  private onDisconnect = (e: Event) => {
    if ((e as unknown as { device: HidDevice }).device === this.device) {
      this.device = null;
      this.model = null;
      this.onChange();
    }
  };

  constructor(
    private onAction: (action: MicAction) => void,
    private onChange: () => void,
  ) {
    hid()?.addEventListener('disconnect', this.onDisconnect);
  }

  get name(): string {
    return this.device ? this.device.productName || this.model?.name || 'Dictation microphone' : '';
  }

  /** Re-open a microphone this site may already use (no prompt). */
  async reconnect(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    const d = (await h.getDevices()).find((x) => modelFor(x));
    if (!d) return false;
    await this.attach(d);
    return true;
  }

  /** Ask the user to choose the microphone (needs a click). */
  async request(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    const filters = KNOWN_MICS.flatMap((m) => m.filters);
    const devices = await h.requestDevice({ filters });
    // A device exposes one HIDDevice per collection: prefer the one its model reads.
    const d = devices.find((x) => modelFor(x)) ?? devices[0];
    if (!d) return false;
    await this.attach(d);
    return true;
  }

  private async attach(d: HidDevice) {
    this.detach();
    if (!d.opened) await d.open();
    d.addEventListener('inputreport', this.onReport);
    this.device = d;
    this.model = modelFor(d) ?? TAUGHT;
    this.last = 0;
    this.onChange();
  }

  detach() {
    if (this.device) {
      this.device.removeEventListener('inputreport', this.onReport);
      void this.device.close().catch(() => {});
      this.device = null;
      this.model = null;
    }
  }

  destroy() {
    this.detach();
    hid()?.removeEventListener('disconnect', this.onDisconnect);
  }

  /** True when the device's buttons must be taught (no published report format). */
  get needsTeaching(): boolean {
    return this.model === TAUGHT;
  }

  private bits(): Partial<Record<MicAction, number>> {
    if (!this.device || !this.model) return {};
    return this.model === TAUGHT ? taughtBits(this.device) : this.model.bits;
  }

  private handle(e: HidInputReportEvent) {
    if (!this.model) return;
    const mask = this.model.mask(e.data);
    if (mask === null) return;
    if (this.onRawMask) {
      const previous = this.last;
      this.last = mask;
      this.onRawMask(previous, mask);
      return;
    }
    const actions = pressedActions(this.last, mask, this.bits());
    this.last = mask;
    for (const a of actions) this.onAction(a);
  }
}
