import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Player } from '../../editor/Player';
import { fmtClock } from '../../lib/format';

export interface ReviewPlayer {
  seek: (t: number) => void;
}

/**
 * The dictation's audio for the physician's review: the editor's player (waveform from the server's
 * peaks, HTTP Range streaming), play/pause, back 3 seconds, speed; reports the time so the text can
 * mark the word being played, and takes seeks from clicks on words.
 */
export function ReviewAudio({
  dictationId,
  durationSec,
  onTime,
  playerRef,
}: {
  dictationId: string;
  durationSec: number | null;
  onTime: (t: number) => void;
  playerRef: { current: ReviewPlayer | null };
}) {
  const container = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const [, setTick] = useState(0);
  const [time, setTime] = useState(0);
  const onTimeRef = useRef(onTime);
  onTimeRef.current = onTime;

  useEffect(() => {
    let cancelled = false;
    let p: Player | null = null;
    void (async () => {
      let peaks: number[] | null = null;
      try {
        peaks = (await api.peaks(dictationId)).peaks;
      } catch {
        /* no peaks yet: the waveform is drawn flat */
      }
      if (cancelled || !container.current) return;
      p = new Player({
        container: container.current,
        url: api.audioUrl(dictationId),
        peaks,
        duration: durationSec,
        onTime: (t) => {
          setTime(t);
          onTimeRef.current(t);
        },
        onState: () => setTick((n) => n + 1),
        autoRewindSec: 0,
      });
      player.current = p;
      playerRef.current = {
        seek: (t) => {
          p?.seek(t);
          setTime(t);
          onTimeRef.current(t);
        },
      };
      setTick((n) => n + 1);
    })();
    return () => {
      cancelled = true;
      playerRef.current = null;
      player.current = null;
      p?.destroy();
    };
  }, [dictationId, durationSec, playerRef]);

  const p = player.current;
  return (
    <section className="panel review-audio" aria-label="Dictation audio">
      <div ref={container} className="waveform" />
      <div className="button-row">
        <button type="button" onClick={() => p?.toggle()} disabled={!p}>
          {p?.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => p?.skip(-3)} disabled={!p}>
          Back 3 s
        </button>
        <label className="inline-field">
          Speed{' '}
          <select
            value={String(p?.rate ?? 1)}
            onChange={(e) => p?.setRate(Number(e.target.value))}
            disabled={!p}
          >
            {[0.75, 1, 1.25, 1.5].map((r) => (
              <option key={r} value={r}>
                {r}×
              </option>
            ))}
          </select>
        </label>
        <output className="muted" aria-label="Playback position" data-seconds={time.toFixed(2)}>
          {fmtClock(time, true)} / {fmtClock(p?.duration ?? durationSec)}
        </output>
      </div>
      {p?.error && (
        <p className="error" role="alert">
          {p.error}
        </p>
      )}
    </section>
  );
}
