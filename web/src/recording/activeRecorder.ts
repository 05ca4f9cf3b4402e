// The recorder on screen, for flows outside it that must first end a running take (signing out:
// the take is stored and offered for sending rather than cut off by the page going away).
let stopper: (() => Promise<void>) | null = null;

export function registerActiveRecorder(stop: () => Promise<void>): () => void {
  stopper = stop;
  return () => {
    if (stopper === stop) stopper = null;
  };
}

/** Stop a running take (if any) and wait until its audio is on the device. */
export async function stopActiveRecorder(): Promise<void> {
  await stopper?.();
}
