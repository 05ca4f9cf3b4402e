import { useState } from 'react';
import { ColumnHeads } from '../../components/DataTable';
import { Checkbox, RadioOptions } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { webHidSupported } from '../../editor/footPedal';
import {
  ACTIONS,
  type Action,
  DEFAULT_SETTINGS,
  keyName,
  type Settings,
  updateSettings,
  useSettings,
} from '../../lib/settings';
import { AutoRewindSelect } from './AutoRewindSelect';

const PLAYBACK_SWITCHES: { key: 'followPlayback' | 'nextJobAfterFinalize'; label: string }[] = [
  { key: 'followPlayback', label: 'Scroll the text with playback' },
  { key: 'nextJobAfterFinalize', label: 'Open the next job after finalizing' },
];

const PEDAL_MODES: { value: Settings['pedalMode']; label: string }[] = [
  { value: 'hold', label: 'Plays while held (release pauses)' },
  { value: 'toggle', label: 'Each press plays / pauses' },
];

export function SettingsPage() {
  const s = useSettings();
  const [capturing, setCapturing] = useState<Action | null>(null);
  const [note, setNote] = useState<string | null>(null);

  function capture(action: Action, e: React.KeyboardEvent) {
    if (e.key === 'Tab') return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') {
      setCapturing(null);
      return;
    }
    const name = keyName(e.nativeEvent);
    if (!name) return;
    const clash = ACTIONS.find((a) => a.id !== action && s.hotkeys[a.id] === name);
    const patch: Partial<Record<Action, string>> = { [action]: name };
    if (clash) {
      patch[clash.id] = '';
      setNote(`${name} was used for “${clash.label}”, which now has no key.`);
    } else setNote(null);
    updateSettings({ hotkeys: patch as Record<Action, string> });
    setCapturing(null);
  }

  return (
    <div className="page settings-page">
      <h1>Hotkeys &amp; foot pedal</h1>
      <section className="panel" aria-labelledby="hk-title">
        <h2 id="hk-title">Hotkeys</h2>
        <p className="muted">
          Choose “Change”, then press the new key. Foot pedals that act as a keyboard send keys too: press the
          pedal instead.
        </p>
        <Notice kind="ok">{note}</Notice>
        <table className="table compact">
          <ColumnHeads names={['Action', 'Key']} actions="Change" />
          <tbody>
            {ACTIONS.map((a) => (
              <tr key={a.id}>
                <td>{a.label}</td>
                <td>
                  <kbd>{s.hotkeys[a.id] || '—'}</kbd>
                </td>
                <td className="actions">
                  {capturing === a.id ? (
                    <button
                      type="button"
                      className="small capturing"
                      // biome-ignore lint/a11y/noAutofocus: key capture needs focus
                      autoFocus
                      onKeyDown={(e) => capture(a.id, e)}
                      onBlur={() => setCapturing(null)}
                    >
                      Press a key… (Esc cancels)
                    </button>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setCapturing(a.id)}
                        aria-label={`Change key for ${a.label}`}
                      >
                        Change
                      </button>
                      {s.hotkeys[a.id] && (
                        <button
                          type="button"
                          className="small link-button"
                          onClick={() =>
                            updateSettings({ hotkeys: { [a.id]: '' } as Record<Action, string> })
                          }
                          aria-label={`Clear key for ${a.label}`}
                        >
                          Clear
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => updateSettings({ hotkeys: DEFAULT_SETTINGS.hotkeys })}>
          Restore default keys
        </button>
      </section>
      <section className="panel" aria-labelledby="pb-title">
        <h2 id="pb-title">Playback</h2>
        <div className="field-row">
          <AutoRewindSelect />
          <label>
            Rewind / forward step{' '}
            <select value={s.skipSec} onChange={(e) => updateSettings({ skipSec: Number(e.target.value) })}>
              {[1, 2, 3, 5, 10].map((v) => (
                <option key={v} value={v}>
                  {v} s
                </option>
              ))}
            </select>
          </label>
          {PLAYBACK_SWITCHES.map(({ key, label }) => (
            <Checkbox key={key} checked={s[key]} onChange={(on) => updateSettings({ [key]: on })}>
              {label}
            </Checkbox>
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="fp-title">
        <h2 id="fp-title">Foot pedal</h2>
        <p>
          USB transcription pedals (for example VEC Infinity IN-USB-2) connect directly in Chrome and Edge:
          use “Connect pedal” in the editor. Left pedal rewinds, right pedal fast-forwards (both while held),
          the middle pedal plays.
          {!webHidSupported() && ' This browser does not support WebHID; use a pedal that sends key presses.'}
        </p>
        <fieldset className="field">
          <legend>Middle pedal</legend>
          <RadioOptions
            name="pedalMode"
            value={s.pedalMode}
            options={PEDAL_MODES}
            onChange={(pedalMode) => updateSettings({ pedalMode })}
          />
        </fieldset>
      </section>
    </div>
  );
}
