// Foot pedals through WebHID (Chrome/Edge). Common three-pedal USB transcription pedals report
// the pressed pedals as a bitmask in the first byte of each input report: left=1, middle=2,
// right=4 (VEC Infinity IN-USB-1/2/3, vendor 0x05f3). Pedals that emulate a keyboard instead are
// handled by the configurable hotkeys.

export type PedalButton = 'left' | 'middle' | 'right';

export interface KnownPedal {
  vendorId: number;
  productId?: number;
  name: string;
}

export const KNOWN_PEDALS: KnownPedal[] = [
  { vendorId: 0x05f3, productId: 0x00ff, name: 'VEC Infinity IN-USB-2' },
  { vendorId: 0x05f3, name: 'P.I. Engineering / VEC pedal' },
];

// Minimal WebHID typings (not in TypeScript's DOM lib).
interface HIDInputReportEvent extends Event {
  data: DataView;
  reportId: number;
  device: HIDDevice;
}
export interface HIDDevice extends EventTarget {
  opened: boolean;
  vendorId: number;
  productId: number;
  productName: string;
  open(): Promise<void>;
  close(): Promise<void>;
}
interface HID extends EventTarget {
  getDevices(): Promise<HIDDevice[]>;
  requestDevice(opts: { filters: { vendorId?: number; productId?: number }[] }): Promise<HIDDevice[]>;
}

function hid(): HID | null {
  return ((navigator as unknown as { hid?: HID }).hid ?? null) as HID | null;
}

export function webHidSupported(): boolean {
  return hid() !== null && window.isSecureContext;
}

/** Decode a report's first byte into pressed pedals. */
export function decodePedalReport(byte: number): Record<PedalButton, boolean> {
  return { left: (byte & 1) !== 0, middle: (byte & 2) !== 0, right: (byte & 4) !== 0 };
}

export class FootPedal {
  device: HIDDevice | null = null;
  private state: Record<PedalButton, boolean> = { left: false, middle: false, right: false };
  private onReport = (e: Event) => this.handle(e as HIDInputReportEvent);
  private onDisconnect = (e: Event) => {
    if ((e as unknown as { device: HIDDevice }).device === this.device) {
      this.device = null;
      this.onChange?.();
    }
  };

  constructor(
    private onPress: (button: PedalButton, down: boolean) => void,
    private onChange?: () => void,
  ) {
    hid()?.addEventListener('disconnect', this.onDisconnect);
  }

  /** Re-open a pedal this site was already allowed to use (no prompt). */
  async reconnect(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    const devices = await h.getDevices();
    const d = devices.find((x) => KNOWN_PEDALS.some((k) => k.vendorId === x.vendorId)) ?? devices[0];
    if (!d) return false;
    await this.attach(d);
    return true;
  }

  /** Ask the user to pick a pedal (needs a user gesture). */
  async request(): Promise<boolean> {
    const h = hid();
    if (!h) return false;
    const devices = await h.requestDevice({
      filters: KNOWN_PEDALS.map((k) =>
        k.productId ? { vendorId: k.vendorId, productId: k.productId } : { vendorId: k.vendorId },
      ),
    });
    if (!devices[0]) return false;
    await this.attach(devices[0]);
    return true;
  }

  private async attach(d: HIDDevice) {
    this.detach();
    if (!d.opened) await d.open();
    d.addEventListener('inputreport', this.onReport);
    this.device = d;
    this.onChange?.();
  }

  detach() {
    if (this.device) {
      this.device.removeEventListener('inputreport', this.onReport);
      void this.device.close().catch(() => {});
      this.device = null;
    }
  }

  destroy() {
    this.detach();
    hid()?.removeEventListener('disconnect', this.onDisconnect);
  }

  private handle(e: HIDInputReportEvent) {
    if (e.data.byteLength < 1) return;
    const next = decodePedalReport(e.data.getUint8(0));
    for (const b of ['left', 'middle', 'right'] as PedalButton[]) {
      if (next[b] !== this.state[b]) this.onPress(b, next[b]);
    }
    this.state = next;
  }
}
