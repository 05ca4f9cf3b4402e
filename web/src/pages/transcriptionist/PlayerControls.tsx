import { type RefObject, useState } from 'react';
import type { EditorSession, UiState } from '../../editor/EditorSession';
import { MAX_RATE, MIN_RATE } from '../../editor/Player';
import { fmtClock } from '../../lib/format';
import { getSettings, updateSettings, useSettings } from '../../lib/settings';
import { AutoRewindSelect } from './AutoRewindSelect';

/**
 * The audio player bar: the waveform (drawn by the session's Player into `waveRef`, never by
 * React), transport, speed, zoom, the pedal, and the legend of the transcript's marks. The clock
 * (`timeRef`) is written by the session on every audio frame, outside React.
 */
export function PlayerControls({
  session,
  ui,
  waveRef,
  timeRef,
  showLc,
  onToggleLc,
}: {
  session: EditorSession;
  ui: UiState;
  waveRef: RefObject<HTMLDivElement | null>;
  timeRef: RefObject<HTMLSpanElement | null>;
  showLc: boolean;
  onToggleLc: () => void;
}) {
  const settings = useSettings();
  const keys = settings.hotkeys;
  const [zoom, setZoom] = useState(0);
  return (
    <section className="player" aria-label="Audio player">
      <div className="waveform" ref={waveRef} />
      <div className="player-controls">
        <button
          type="button"
          onClick={() => session.player?.skip(-getSettings().skipSec)}
          aria-label={`Rewind (${keys.rewind})`}
          title={`Rewind ${settings.skipSec} s (${keys.rewind})`}
        >
          ◀◀
        </button>
        <button
          type="button"
          className="play primary"
          onClick={() => session.player?.toggle()}
          aria-label={`${ui.playing ? 'Pause' : 'Play'} (${keys.playPause})`}
          title={`${ui.playing ? 'Pause' : 'Play'} (${keys.playPause})`}
        >
          {ui.playing ? '❚❚' : '▶'}
        </button>
        <button
          type="button"
          onClick={() => session.player?.skip(getSettings().skipSec)}
          aria-label={`Forward (${keys.forward})`}
          title={`Forward ${settings.skipSec} s (${keys.forward})`}
        >
          ▶▶
        </button>
        <span className="clock" role="timer" aria-label="Position">
          <span ref={timeRef}>00:00.0</span> / {fmtClock(ui.duration, true)}
        </span>
        <label className="speed">
          Speed
          <input
            type="range"
            min={MIN_RATE}
            max={MAX_RATE}
            step={0.1}
            value={ui.rate}
            onChange={(e) => updateSettings({ rate: session.setRate(Number(e.target.value)) })}
            aria-valuetext={`${ui.rate.toFixed(1)} times`}
          />
          <output>{ui.rate.toFixed(1)}×</output>
        </label>
        <AutoRewindSelect />
        <label>
          <input type="checkbox" checked={showLc} onChange={onToggleLc} /> Low confidence
        </label>
        <button
          type="button"
          className="small"
          onClick={() => session.playSelection(false)}
          title={`Play the selected words only (${keys.playSelection})`}
        >
          Hear selection
        </button>
        <button
          type="button"
          className="small"
          onClick={() => session.playSelection(true)}
          title={`Loop the selected words (${keys.loopSelection})`}
        >
          Loop selection
        </button>
        <fieldset className="zoom">
          <legend className="sr-only">Waveform zoom</legend>
          <button
            type="button"
            className="small"
            aria-label="Zoom out"
            disabled={zoom <= 0}
            onClick={() => setZoom(session.zoom(zoom <= 25 ? 0 : zoom / 2))}
          >
            −
          </button>
          <span className="small">{zoom ? `${Math.round(zoom)} px/s` : 'Fit'}</span>
          <button
            type="button"
            className="small"
            aria-label="Zoom in"
            onClick={() => setZoom(session.zoom(zoom ? zoom * 2 : 25))}
          >
            +
          </button>
        </fieldset>
        <span className="spacer" />
        <PedalStatus session={session} pedal={ui.pedal} />
      </div>
      <p className="legend">
        <span className="sr-only">Marks in the transcript:</span>
        <span className="mark mark-lowconf">low confidence</span>
        <span className="mark mark-misspelled">misspelled</span>
        <span className="mark mark-silence">heard over silence</span>
        <span className="mark mark-blank">___ blank</span>
      </p>
      {ui.audioError && (
        <p className="error small" role="alert">
          {ui.audioError}
        </p>
      )}
    </section>
  );
}

/** A USB (WebHID) pedal: connected, to connect, or not possible in this browser. */
function PedalStatus({ session, pedal }: { session: EditorSession; pedal: UiState['pedal'] }) {
  if (!pedal.supported)
    return (
      <span
        className="muted small"
        title="Use a pedal that sends key presses; set its keys under Hotkeys & pedal"
      >
        USB pedal: not supported in this browser
      </span>
    );
  if (pedal.name)
    return (
      <span className="pedal ok" role="status">
        Pedal: {pedal.name}
      </span>
    );
  return (
    <button type="button" className="small" onClick={() => void session.connectPedal()}>
      Connect pedal
    </button>
  );
}
