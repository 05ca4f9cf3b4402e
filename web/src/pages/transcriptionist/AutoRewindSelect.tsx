import { updateSettings, useSettings } from '../../lib/settings';

/** How far playback jumps back when it resumes (the editor's player bar and the settings page). */
export function AutoRewindSelect() {
  const s = useSettings();
  return (
    <label>
      Rewind on resume{' '}
      <select
        value={s.autoRewindSec}
        onChange={(e) => updateSettings({ autoRewindSec: Number(e.target.value) })}
      >
        {[0, 1, 1.5, 2, 2.5, 3].map((v) => (
          <option key={v} value={v}>
            {v === 0 ? 'Off' : `${v} s`}
          </option>
        ))}
      </select>
    </label>
  );
}
