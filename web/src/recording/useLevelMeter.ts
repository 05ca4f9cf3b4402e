import { useCallback, useRef } from 'react';

/**
 * The microphone's input level, drawn straight into the DOM each frame (no React render per
 * frame): `fill` is scaled from 0 to 1 (dBFS -60..0), `meter` carries aria-valuenow twice a second:
 * the peak of that half second, so a short syllable between pauses is not missed.
 */
export function useLevelMeter() {
  const fill = useRef<HTMLDivElement>(null);
  const meter = useRef<HTMLDivElement>(null);
  const raf = useRef(0);
  const ctx = useRef<AudioContext | null>(null);

  const stop = useCallback(() => {
    cancelAnimationFrame(raf.current);
    if (fill.current) fill.current.style.transform = 'scaleX(0)';
    void ctx.current?.close().catch(() => {});
    ctx.current = null;
  }, []);

  const start = useCallback((stream: MediaStream) => {
    try {
      const c = new AudioContext();
      ctx.current = c;
      const analyser = c.createAnalyser();
      analyser.fftSize = 1024;
      c.createMediaStreamSource(stream).connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let lastAria = 0;
      let peak = 0;
      const tick = () => {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i++) sum += buf[i]! * buf[i]!;
        const db = 20 * Math.log10(Math.max(Math.sqrt(sum / buf.length), 1e-6));
        const level = Math.min(1, Math.max(0, (db + 60) / 60));
        if (fill.current) {
          fill.current.style.transform = `scaleX(${level})`;
          fill.current.classList.toggle('hot', level > 0.92);
        }
        peak = Math.max(peak, level);
        const now = performance.now();
        if (meter.current && now - lastAria > 500) {
          meter.current.setAttribute('aria-valuenow', String(Math.round(peak * 100)));
          lastAria = now;
          peak = 0;
        }
        raf.current = requestAnimationFrame(tick);
      };
      tick();
    } catch {
      /* the meter is a nicety */
    }
  }, []);

  return { fill, meter, start, stop };
}
