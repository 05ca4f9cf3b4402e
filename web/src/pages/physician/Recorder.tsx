import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { fmtClock } from '../../lib/format';

type RecState = 'idle' | 'recording' | 'paused' | 'stopped';

const MIME_CANDIDATES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm'];

function pickMime(): string {
  if (typeof MediaRecorder === 'undefined') return '';
  for (const m of MIME_CANDIDATES) if (MediaRecorder.isTypeSupported(m)) return m;
  return '';
}

export function extensionFor(mime: string) {
  if (mime.includes('ogg')) return 'ogg';
  if (mime.includes('mp4')) return 'm4a';
  return 'webm';
}

/**
 * Record in the browser: record, pause, resume, stop, listen back, then hand the recording to
 * the parent to send. Shows an input level meter and the elapsed (recorded) time.
 */
export function Recorder({
  onRecorded,
  disabled,
}: {
  onRecorded: (rec: { blob: Blob; mime: string; durationSec: number } | null) => void;
  disabled?: boolean;
}) {
  const [state, setState] = useState<RecState>('idle');
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const recRef = useRef<MediaRecorder | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const ctxRef = useRef<AudioContext | null>(null);
  const meterRef = useRef<HTMLDivElement>(null);
  const meterWrapRef = useRef<HTMLDivElement>(null);
  const rafRef = useRef(0);
  const clock = useRef({ acc: 0, since: 0 });
  const mimeRef = useRef('');

  const stopMeter = useCallback(() => {
    cancelAnimationFrame(rafRef.current);
    if (meterRef.current) meterRef.current.style.transform = 'scaleX(0)';
  }, []);

  const release = useCallback(() => {
    stopMeter();
    for (const t of streamRef.current?.getTracks() ?? []) t.stop();
    streamRef.current = null;
    void ctxRef.current?.close().catch(() => {});
    ctxRef.current = null;
  }, [stopMeter]);

  useEffect(
    () => () => {
      release();
      if (recRef.current && recRef.current.state !== 'inactive') recRef.current.stop();
    },
    [release],
  );

  useEffect(
    () => () => {
      if (previewUrl) URL.revokeObjectURL(previewUrl);
    },
    [previewUrl],
  );

  // Elapsed time while recording.
  useEffect(() => {
    if (state !== 'recording') return;
    const t = window.setInterval(() => {
      setElapsed(clock.current.acc + (performance.now() - clock.current.since) / 1000);
    }, 200);
    return () => clearInterval(t);
  }, [state]);

  async function start() {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setError('This browser cannot record audio. Upload a file from your recorder instead.');
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
      });
    } catch (e) {
      setError(
        (e as Error).name === 'NotAllowedError'
          ? 'Microphone access was denied. Allow the microphone for this site and try again.'
          : 'No microphone could be opened.',
      );
      return;
    }
    streamRef.current = stream;
    const mime = pickMime();
    mimeRef.current = mime;
    const rec = new MediaRecorder(stream, mime ? { mimeType: mime, audioBitsPerSecond: 48000 } : undefined);
    chunks.current = [];
    rec.ondataavailable = (e) => {
      if (e.data.size) chunks.current.push(e.data);
    };
    rec.onstop = () => {
      const type = rec.mimeType || mime || 'audio/webm';
      const blob = new Blob(chunks.current, { type });
      mimeRef.current = type;
      const url = URL.createObjectURL(blob);
      setPreviewUrl(url);
      onRecorded({ blob, mime: type, durationSec: clock.current.acc });
      release();
    };
    rec.start(1000);
    recRef.current = rec;
    clock.current = { acc: 0, since: performance.now() };
    setElapsed(0);
    setState('recording');
    onRecorded(null);
    startMeter(stream);
  }

  function startMeter(stream: MediaStream) {
    try {
      const ctx = new AudioContext();
      ctxRef.current = ctx;
      const src = ctx.createMediaStreamSource(stream);
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      src.connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let lastAria = 0;
      const tick = () => {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i++) sum += buf[i]! * buf[i]!;
        const rms = Math.sqrt(sum / buf.length);
        // dBFS -60..0 mapped to 0..1
        const db = 20 * Math.log10(Math.max(rms, 1e-6));
        const level = Math.min(1, Math.max(0, (db + 60) / 60));
        if (meterRef.current) {
          meterRef.current.style.transform = `scaleX(${level})`;
          meterRef.current.classList.toggle('hot', level > 0.92);
        }
        const now = performance.now();
        if (meterWrapRef.current && now - lastAria > 500) {
          meterWrapRef.current.setAttribute('aria-valuenow', String(Math.round(level * 100)));
          lastAria = now;
        }
        rafRef.current = requestAnimationFrame(tick);
      };
      tick();
    } catch {
      /* the meter is a nicety */
    }
  }

  function pause() {
    const rec = recRef.current;
    if (rec?.state !== 'recording') return;
    rec.pause();
    clock.current.acc += (performance.now() - clock.current.since) / 1000;
    setElapsed(clock.current.acc);
    setState('paused');
  }

  function resume() {
    const rec = recRef.current;
    if (rec?.state !== 'paused') return;
    rec.resume();
    clock.current.since = performance.now();
    setState('recording');
  }

  function stop() {
    const rec = recRef.current;
    if (!rec || rec.state === 'inactive') return;
    if (rec.state === 'recording') clock.current.acc += (performance.now() - clock.current.since) / 1000;
    setElapsed(clock.current.acc);
    rec.stop();
    setState('stopped');
  }

  function discard() {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    setPreviewUrl(null);
    setElapsed(0);
    setState('idle');
    onRecorded(null);
  }

  return (
    <section className="recorder panel" aria-labelledby="rec-title">
      <h2 id="rec-title">Record</h2>
      <div className="rec-row">
        <div className={`rec-clock ${state}`} role="timer" aria-label={`Recorded time ${fmtClock(elapsed)}`}>
          {state === 'recording' && <span className="rec-dot" aria-hidden="true" />}
          {fmtClock(elapsed, true)}
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a <meter> cannot be animated per frame; this div has the meter role and value */}
        <div
          className="level-meter"
          ref={meterWrapRef}
          role="meter"
          aria-label="Input level"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={0}
        >
          <div className="level-fill" ref={meterRef} />
        </div>
      </div>
      <div className="rec-controls">
        {(state === 'idle' || state === 'stopped') && (
          <button
            type="button"
            className="primary rec-button"
            onClick={() => void start()}
            disabled={disabled}
          >
            {state === 'stopped' ? 'Record again' : 'Record'}
          </button>
        )}
        {state === 'recording' && (
          <button type="button" onClick={pause}>
            Pause
          </button>
        )}
        {state === 'paused' && (
          <button type="button" className="primary" onClick={resume}>
            Resume
          </button>
        )}
        {(state === 'recording' || state === 'paused') && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        {state === 'stopped' && (
          <button type="button" className="link-button" onClick={discard}>
            Discard recording
          </button>
        )}
      </div>
      {state === 'paused' && <p className="muted">Paused. Resume to continue the same dictation.</p>}
      {previewUrl && state === 'stopped' && (
        <div className="rec-preview">
          {/* biome-ignore lint/a11y/useMediaCaption: dictation audio; its transcript is the product */}
          <audio controls src={previewUrl} aria-label="Play back the recording" />
        </div>
      )}
      <ErrorText message={error} />
    </section>
  );
}
