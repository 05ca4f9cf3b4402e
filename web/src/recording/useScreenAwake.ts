import { useCallback, useEffect, useRef, useState } from 'react';

interface WakeLockSentinelLike {
  release(): Promise<void>;
}
interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/**
 * While recording: keep the screen on (Wake Lock API, where the browser has it; taken again when
 * the page comes back, since the browser drops it when hidden), and say so when the page was in
 * the background meanwhile: phones may pause a background page's microphone.
 */
export function useScreenAwake(isRecording: () => boolean) {
  const sentinel = useRef<WakeLockSentinelLike | null>(null);
  const hiddenAt = useRef<number | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const recordingNow = useRef(isRecording);
  recordingNow.current = isRecording;

  const lock = useCallback(async () => {
    const wl = (navigator as unknown as { wakeLock?: WakeLockLike }).wakeLock;
    if (!wl || sentinel.current || document.visibilityState !== 'visible') return;
    try {
      sentinel.current = await wl.request('screen');
    } catch {
      /* battery saver or not allowed: recording works anyway */
    }
  }, []);

  const unlock = useCallback(() => {
    void sentinel.current?.release().catch(() => {});
    sentinel.current = null;
  }, []);

  useEffect(() => {
    const onVisibility = () => {
      const active = recordingNow.current();
      if (document.visibilityState === 'hidden') {
        if (active) hiddenAt.current = performance.now();
        sentinel.current = null; // released by the browser
        return;
      }
      if (hiddenAt.current !== null) {
        const s = Math.round((performance.now() - hiddenAt.current) / 1000);
        setWarning(
          `This page was in the background for ${s} s while recording. Phones may pause the microphone in the background: play the recording back to check it.`,
        );
        hiddenAt.current = null;
      }
      if (active) void lock();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [lock]);

  return { lock, unlock, warning, dismissWarning: () => setWarning(null) };
}
