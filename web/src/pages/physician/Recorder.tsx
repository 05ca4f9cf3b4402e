import { useCallback, useEffect, useRef, useState } from 'react';
import { RadioOptions } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { fmtClock, uuid } from '../../lib/format';
import { addLeaveGuard } from '../../lib/router';
import { registerActiveRecorder } from '../../recording/activeRecorder';
import type { MicAction } from '../../recording/dictationMics';
import { actionFor, loadRecorderKeys, type RecorderKeys } from '../../recording/hotkeys';
import { MicConnection, webHidAvailable } from '../../recording/micConnection';
import { pickMime } from '../../recording/mime';
import {
  appendChunk,
  createRecording,
  getRecording,
  holdLiveLock,
  type OutboxRecording,
  onOutboxChange,
  type RecordingMeta,
  saveMeta,
  setStatus,
  setTakeDuration,
  startTake,
} from '../../recording/outboxStore';
import { renderRecording } from '../../recording/render';
import { type EditMode, lengthAfter } from '../../recording/timeline';
import { useLevelMeter } from '../../recording/useLevelMeter';
import { useScreenAwake } from '../../recording/useScreenAwake';
import { RecorderKeysDialog } from './RecorderKeysDialog';

const REC_MODES: { value: EditMode; label: string }[] = [
  { value: 'insert', label: 'Insert' },
  { value: 'overwrite', label: 'Overwrite' },
];

type Phase = 'idle' | 'recording' | 'paused' | 'playing';

/** Seconds per rewind / fast-forward press, as on a dictation device. */
const SKIP_SEC = 3;
const MODE_STORE = 'dictum.recorderMode';

/** Seconds recorded in this take: what was before the last pause, plus since the last (re)start. */
function clockSeconds(c: { acc: number; since: number }): number {
  return c.acc + (c.since ? (performance.now() - c.since) / 1000 : 0);
}

export interface RecorderProps {
  userId: string;
  /** The dictation's details on the page (kept with the recording on the device). */
  meta: RecordingMeta;
  /** The recording open in the recorder (null: a new one starts at the first Record). */
  recordingId: string | null;
  onOpen: (id: string) => void;
  /** The open recording's state after each change (null while nothing is recorded). */
  onChange: (rec: OutboxRecording | null, busy: boolean) => void;
  /** The device's "end of letter" button or its hotkey. */
  onSendRequest: () => void;
  disabled?: boolean;
}

/**
 * A recorder that works like a dictation device: record, pause, stop, rewind, play, fast forward;
 * record again at any position in insert or overwrite mode. Every second of audio is written
 * (encrypted) to the device's outbox as it is captured. Keys and SpeechMike / PowerMic / RecMic
 * buttons drive it; the screen stays awake while recording.
 */
export function Recorder({
  userId,
  meta,
  recordingId,
  onOpen,
  onChange,
  onSendRequest,
  disabled,
}: RecorderProps) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [rec, setRec] = useState<OutboxRecording | null>(null);
  const [pos, setPos] = useState<number | null>(null);
  const [mode, setModeState] = useState<EditMode>(() =>
    localStorage.getItem(MODE_STORE) === 'overwrite' ? 'overwrite' : 'insert',
  );
  const [take, setTake] = useState<{ at: number; mode: EditMode; base: number } | null>(null);
  const [takeSec, setTakeSec] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ url: string; key: string } | null>(null);
  const [keys, setKeys] = useState<RecorderKeys>(loadRecorderKeys);
  const [keysOpen, setKeysOpen] = useState(false);
  const [micName, setMicName] = useState('');

  const idRef = useRef<string | null>(recordingId);
  const mrRef = useRef<MediaRecorder | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const writes = useRef<Promise<void>>(Promise.resolve());
  const clock = useRef({ acc: 0, since: 0 });
  const audioRef = useRef<HTMLAudioElement>(null);
  const releaseLock = useRef<() => void>(() => {});
  const metaRef = useRef(meta);
  metaRef.current = meta;
  const sendRequest = useRef(onSendRequest);
  sendRequest.current = onSendRequest;

  const length = rec?.durationSec ?? 0;
  const liveLength = take ? lengthAfter(take.base, take.at, takeSec, take.mode) : length;
  const livePos = take ? take.at + takeSec : (pos ?? length);
  const recording = phase === 'recording' || phase === 'paused';
  const unsent = !!rec && rec.takes.some((t) => t.chunks > 0);

  const setMode = (m: EditMode) => {
    setModeState(m);
    localStorage.setItem(MODE_STORE, m);
  };

  // --- the open recording, re-read whenever the outbox changes
  const refresh = useCallback(async () => {
    const id = idRef.current;
    const r = id ? await getRecording(id) : null;
    setRec(r);
    return r;
  }, []);
  useEffect(() => {
    idRef.current = recordingId;
    void refresh();
    return onOutboxChange(() => void refresh());
  }, [recordingId, refresh]);
  useEffect(() => onChange(rec, recording), [rec, recording, onChange]);

  // The details the physician changes while the recording is open go with it.
  const metaKey = JSON.stringify(meta);
  // biome-ignore lint/correctness/useExhaustiveDependencies: saved when the details change
  useEffect(() => {
    if (idRef.current) void saveMeta(idRef.current, metaRef.current).catch(() => {});
  }, [metaKey]);

  // --- playback of the recording so far (rendered after each take)
  const renderKey = rec ? `${rec.id}:${rec.takes.map((t) => `${t.id}.${t.chunks}`).join(',')}` : '';
  useEffect(() => {
    if (!rec || recording || !unsent) return;
    if (preview?.key === renderKey) return;
    let live = true;
    renderRecording(rec)
      .then((r) => {
        if (!live) return;
        setPreview((old) => {
          if (old) URL.revokeObjectURL(old.url);
          return { url: URL.createObjectURL(r.blob), key: renderKey };
        });
      })
      .catch(() => live && setError('The recording could not be prepared for playback.'));
    return () => {
      live = false;
    };
  }, [rec, recording, unsent, renderKey, preview?.key]);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  // --- clock while a take runs
  useEffect(() => {
    if (phase !== 'recording') return;
    const t = window.setInterval(() => setTakeSec(clockSeconds(clock.current)), 200);
    return () => clearInterval(t);
  }, [phase]);
  const elapsed = () => clockSeconds(clock.current);

  const level = useLevelMeter();
  const awake = useScreenAwake(() => {
    const r = mrRef.current;
    return !!r && r.state !== 'inactive';
  });
  const { stop: stopMeter } = level;
  const { lock: lockScreen, unlock: unlockScreen } = awake;

  const releaseMic = useCallback(() => {
    stopMeter();
    for (const t of streamRef.current?.getTracks() ?? []) t.stop();
    streamRef.current = null;
    unlockScreen();
  }, [stopMeter, unlockScreen]);

  // Leaving the screen: the take stops (its last chunk is still written) and stays in the outbox.
  useEffect(
    () => () => {
      const r = mrRef.current;
      if (r && r.state !== 'inactive') r.stop();
      releaseMic();
    },
    [releaseMic],
  );

  // --- record / pause / stop
  async function startTakeNow() {
    setError(null);
    if (disabled) return;
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setError('This browser cannot record audio. Upload a file from your recorder instead.');
      return;
    }
    pausePlayback();
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
    let id = idRef.current;
    try {
      if (!id) {
        id = uuid();
        await createRecording(id, userId, uuid(), metaRef.current);
        idRef.current = id;
        onOpen(id);
      }
    } catch {
      releaseMic();
      setError('This browser cannot keep recordings on the device (private mode?). Upload a file instead.');
      return;
    }
    const current = (await getRecording(id)) ?? rec;
    const base = current?.durationSec ?? 0;
    const at = Math.min(pos ?? base, base);
    // At the end there is nothing to overwrite: the take is appended.
    const takeMode: EditMode = at >= base - 0.05 ? 'insert' : mode;
    const mime = pickMime();
    const mr = new MediaRecorder(stream, mime ? { mimeType: mime, audioBitsPerSecond: 48000 } : undefined);
    const takeId = uuid();
    // While this tab writes, other tabs (and this one after a reload) see the recording as live.
    releaseLock.current = holdLiveLock(id);
    await startTake(
      id,
      { id: takeId, mime: mr.mimeType || mime || 'audio/webm' },
      { takeId, at, mode: takeMode },
    );
    let seq = 0;
    const recId = id;
    mr.ondataavailable = (e) => {
      if (!e.data.size) return;
      const n = seq++;
      const sec = elapsed();
      writes.current = writes.current
        .then(() => appendChunk(recId, takeId, n, e.data, sec))
        .catch(() => setError('Audio could not be saved on this device. Stop and send what was recorded.'));
    };
    mr.onstop = () => {
      const sec = elapsed();
      clock.current = { acc: sec, since: 0 };
      writes.current = writes.current
        .then(() => setTakeDuration(recId, takeId, sec))
        .then(() => setStatus(recId, 'draft'))
        .catch(() => {})
        .finally(() => releaseLock.current());
      releaseMic();
    };
    mr.start(1000);
    mrRef.current = mr;
    clock.current = { acc: 0, since: performance.now() };
    setTakeSec(0);
    setTake({ at, mode: takeMode, base });
    setPhase('recording');
    level.start(stream);
    void lockScreen();
  }

  function pauseRecording() {
    const r = mrRef.current;
    if (r?.state !== 'recording') return;
    r.pause();
    clock.current = { acc: elapsed(), since: 0 };
    setTakeSec(clock.current.acc);
    setPhase('paused');
  }

  function resumeRecording() {
    const r = mrRef.current;
    if (r?.state !== 'paused') return;
    r.resume();
    clock.current.since = performance.now();
    setPhase('recording');
  }

  /** End the take; resolves once its audio is on the device. */
  async function stopRecording() {
    const r = mrRef.current;
    if (!r || r.state === 'inactive') return;
    const t = take;
    const sec = elapsed();
    const stopped = new Promise<void>((resolve) =>
      r.addEventListener('stop', () => resolve(), { once: true }),
    );
    r.stop();
    mrRef.current = null;
    await stopped;
    await writes.current;
    setTake(null);
    setPhase('idle');
    // The cursor follows what was just recorded, as on a dictation device.
    const after = await refresh();
    const end = t ? t.at + sec : null;
    setPos(after && end !== null && end < after.durationSec - 0.05 ? end : null);
  }

  // --- playback and winding
  function pausePlayback() {
    const a = audioRef.current;
    if (a && !a.paused) a.pause();
  }

  function togglePlay() {
    const a = audioRef.current;
    if (!a || recording) return;
    if (!a.paused) {
      a.pause();
      return;
    }
    const from = pos === null || pos >= length - 0.05 ? 0 : pos;
    a.currentTime = from;
    void a.play().catch(() => {});
  }

  function wind(delta: number) {
    if (recording) return;
    const a = audioRef.current;
    const current = a && !a.paused ? a.currentTime : (pos ?? length);
    const next = Math.max(0, Math.min(length, current + delta));
    if (a && !a.paused) a.currentTime = next;
    setPos(next >= length - 0.05 ? null : next);
  }

  // --- one dispatcher for buttons, keys and the microphone's buttons
  const act = useRef<(a: MicAction) => void>(() => {});
  act.current = (a: MicAction) => {
    switch (a) {
      case 'record':
        if (phase === 'recording') pauseRecording();
        else if (phase === 'paused') resumeRecording();
        else void startTakeNow();
        break;
      case 'stop':
        if (recording) void stopRecording();
        else pausePlayback();
        break;
      case 'play':
        togglePlay();
        break;
      case 'rewind':
        wind(-SKIP_SEC);
        break;
      case 'forward':
        wind(SKIP_SEC);
        break;
      case 'insOvr':
        setMode(mode === 'insert' ? 'overwrite' : 'insert');
        break;
      case 'send':
        // After the take is stored and the page has seen it (the next render), as if Send were clicked.
        void (recording ? stopRecording() : Promise.resolve()).then(() =>
          window.setTimeout(() => sendRequest.current(), 50),
        );
        break;
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (keysOpen) return;
      const a = actionFor(e, keys);
      if (!a) return;
      const t = e.target as HTMLElement | null;
      // A plain letter typed into a field is typing, not a command.
      if (
        e.key.length === 1 &&
        !e.ctrlKey &&
        !e.altKey &&
        t?.closest('input, textarea, select, [contenteditable]')
      )
        return;
      e.preventDefault();
      act.current(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keys, keysOpen]);

  // --- dictation microphone (WebHID)
  const micRef = useRef<MicConnection | null>(null);
  useEffect(() => {
    const mic = new MicConnection(
      (a) => act.current(a),
      () => setMicName(mic.name),
    );
    micRef.current = mic;
    void mic.reconnect().catch(() => {});
    return () => mic.destroy();
  }, []);
  async function connectMic() {
    setError(null);
    try {
      if (!(await micRef.current?.request())) setError('No dictation microphone was chosen.');
    } catch {
      setError('The microphone could not be opened. Is another program using it?');
    }
  }

  // Signing out first ends a running take, so it is stored whole and offered for sending.
  const stopRef = useRef(stopRecording);
  stopRef.current = stopRecording;
  useEffect(() => registerActiveRecorder(() => stopRef.current()), []);

  // --- leaving with a recording running or not sent asks first
  const guardState = useRef({ recording, unsent });
  guardState.current = { recording, unsent };
  useEffect(
    () =>
      addLeaveGuard(() =>
        guardState.current.recording
          ? 'You are recording. Leave this page? The recording stops and is kept in the outbox on this device.'
          : guardState.current.unsent
            ? 'This recording has not been sent. Leave this page? It stays in the outbox on this device until you send it.'
            : null,
      ),
    [],
  );
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (guardState.current.recording || guardState.current.unsent) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  const canEdit = unsent && !recording;
  return (
    <section className="recorder panel" aria-labelledby="rec-title">
      <div className="rec-title-row">
        <h2 id="rec-title">Record</h2>
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() => void connectMic()}
          disabled={!webHidAvailable()}
          title={
            webHidAvailable()
              ? 'Philips SpeechMike, Nuance PowerMic, Olympus RecMic'
              : 'Dictation microphones need Chrome or Edge'
          }
        >
          {micName ? 'Change microphone' : 'Connect microphone'}
        </button>
        <button type="button" className="small link-button" onClick={() => setKeysOpen(true)}>
          Keys
        </button>
      </div>
      {micName && (
        <p className="muted small" role="status">
          {micName} connected: its record, play, rewind, forward, insert/overwrite and end-of-letter buttons
          work.
        </p>
      )}
      <div className="rec-row">
        <div className={`rec-clock ${phase}`} role="timer" aria-label={`Position ${fmtClock(livePos)}`}>
          {phase === 'recording' && <span className="rec-dot" aria-hidden="true" />}
          {fmtClock(livePos, true)}
        </div>
        <div className="rec-length muted" data-testid="rec-length" data-seconds={liveLength.toFixed(2)}>
          of {fmtClock(liveLength, true)}
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a <meter> cannot be animated per frame; this div has the meter role and value */}
        <div
          className="level-meter"
          ref={level.meter}
          role="meter"
          aria-label="Input level"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={0}
        >
          <div className="level-fill" ref={level.fill} />
        </div>
      </div>
      <div className="rec-controls">
        {(phase === 'idle' || phase === 'playing') && (
          <button
            type="button"
            className="primary rec-button"
            onClick={() => void startTakeNow()}
            disabled={disabled}
          >
            Record
          </button>
        )}
        {phase === 'recording' && (
          <button type="button" onClick={pauseRecording}>
            Pause
          </button>
        )}
        {phase === 'paused' && (
          <button type="button" className="primary" onClick={resumeRecording}>
            Resume
          </button>
        )}
        {recording && (
          <button type="button" onClick={() => void stopRecording()}>
            Stop
          </button>
        )}
        {canEdit && (
          <>
            <button type="button" onClick={() => wind(-SKIP_SEC)} aria-label={`Rewind ${SKIP_SEC} seconds`}>
              ◀◀
            </button>
            <button type="button" onClick={togglePlay}>
              {phase === 'playing' ? 'Pause playback' : 'Play'}
            </button>
            <button type="button" onClick={() => wind(SKIP_SEC)} aria-label={`Forward ${SKIP_SEC} seconds`}>
              ▶▶
            </button>
          </>
        )}
      </div>
      <fieldset className="rec-mode" disabled={recording}>
        <legend className="sr-only">Recording at a position before the end</legend>
        <RadioOptions name="rec-mode" value={mode} options={REC_MODES} onChange={setMode} />
        {canEdit && (
          <label className="rec-position">
            <span className="sr-only">Position</span>
            <input
              type="range"
              aria-label="Position"
              min={0}
              max={Math.max(0.1, length)}
              step={0.1}
              value={pos ?? length}
              onChange={(e) => {
                const v = Number(e.target.value);
                setPos(v >= length - 0.05 ? null : v);
                const a = audioRef.current;
                if (a) a.currentTime = v;
              }}
            />
          </label>
        )}
      </fieldset>
      {recording && take && take.at < take.base - 0.05 && (
        <p className="muted small">
          {take.mode === 'insert' ? 'Inserting' : 'Overwriting'} at {fmtClock(take.at, true)}.
        </p>
      )}
      {phase === 'paused' && <p className="muted">Paused. Resume to continue the same dictation.</p>}
      {recording && <p className="muted small">Keep this page open while recording; the screen stays on.</p>}
      {preview && canEdit && (
        <div className="rec-preview">
          {/* biome-ignore lint/a11y/useMediaCaption: dictation audio; its transcript is the product */}
          <audio
            ref={audioRef}
            controls
            src={preview.url}
            aria-label="Play back the recording"
            onPlay={() => setPhase('playing')}
            onPause={(e) => {
              setPhase((p) => (p === 'playing' ? 'idle' : p));
              const t = e.currentTarget.currentTime;
              setPos(t >= length - 0.05 ? null : t);
            }}
            onEnded={() => {
              setPhase((p) => (p === 'playing' ? 'idle' : p));
              setPos(null);
            }}
          />
        </div>
      )}
      {awake.warning && (
        <p className="warn" role="alert">
          {awake.warning}{' '}
          <button type="button" className="link-button" onClick={awake.dismissWarning}>
            Dismiss
          </button>
        </p>
      )}
      <ErrorNotice error={error} />
      <RecorderKeysDialog
        open={keysOpen}
        keys={keys}
        mic={micRef.current}
        onClose={(k) => {
          setKeysOpen(false);
          if (k) setKeys(k);
        }}
      />
    </section>
  );
}
