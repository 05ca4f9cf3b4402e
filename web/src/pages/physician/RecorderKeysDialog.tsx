import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { MIC_ACTIONS, type MicAction, taughtBit } from '../../recording/dictationMics';
import { comboOf, DEFAULT_RECORDER_KEYS, type RecorderKeys, saveRecorderKeys } from '../../recording/hotkeys';
import { type MicConnection, saveTaughtBit, taughtBits } from '../../recording/micConnection';

/**
 * The recorder's keys (one per action, kept in this browser), and for a microphone whose report
 * format is not published (RecMic) a way to teach each of its buttons.
 */
export function RecorderKeysDialog({
  open,
  keys,
  mic,
  onClose,
}: {
  open: boolean;
  keys: RecorderKeys;
  mic: MicConnection | null;
  onClose: (keys: RecorderKeys | null) => void;
}) {
  const [draft, setDraft] = useState(keys);
  const [teaching, setTeaching] = useState<MicAction | null>(null);
  const [taught, setTaught] = useState(0);
  useEffect(() => {
    if (open) setDraft(keys);
  }, [open, keys]);

  useEffect(() => {
    if (!teaching || !mic?.device) return;
    const device = mic.device;
    mic.onRawMask = (previous, mask) => {
      const bit = taughtBit(previous, mask);
      if (bit === null) return;
      saveTaughtBit(device, teaching, bit);
      setTeaching(null);
      setTaught((n) => n + 1);
    };
    return () => {
      mic.onRawMask = null;
    };
  }, [teaching, mic]);

  const bits = mic?.device && mic.needsTeaching ? taughtBits(mic.device) : null;
  void taught;

  return (
    <Dialog open={open} title="Recorder keys" onClose={() => onClose(null)}>
      <p className="muted small">Click a field, then press the key (with Ctrl, Alt or Shift if you like).</p>
      <div className="keys-grid">
        {MIC_ACTIONS.map((a) => (
          <label key={a.id}>
            <span>{a.label}</span>
            <input
              readOnly
              value={draft[a.id]}
              aria-label={`Key for ${a.label}`}
              onKeyDown={(e) => {
                if (e.key === 'Tab') return;
                e.preventDefault();
                if (e.key === 'Backspace' || e.key === 'Delete') {
                  setDraft({ ...draft, [a.id]: '' });
                  return;
                }
                const c = comboOf(e);
                if (c) setDraft({ ...draft, [a.id]: c });
              }}
            />
          </label>
        ))}
      </div>
      {bits && (
        <section aria-label="Teach the microphone's buttons">
          <h3 className="small-heading">Microphone buttons</h3>
          <p className="muted small">
            This microphone's button layout is not published. Click Teach, then press that button on the
            microphone.
          </p>
          <ul className="teach-list">
            {MIC_ACTIONS.map((a) => (
              <li key={a.id}>
                {a.label}: {bits[a.id] ? 'set' : 'not set'}{' '}
                <button type="button" className="small" onClick={() => setTeaching(a.id)}>
                  {teaching === a.id ? 'Press the button now…' : 'Teach'}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => setDraft(DEFAULT_RECORDER_KEYS)}>
          Defaults
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => onClose(null)}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            saveRecorderKeys(draft);
            onClose(draft);
          }}
        >
          Save
        </button>
      </div>
    </Dialog>
  );
}
