import { describe, expect, it } from 'vitest';
import { ACTIONS, actionFor, DEFAULT_SETTINGS } from './settings';

describe('default hotkeys', () => {
  it('every action has a label and no two actions share a key', () => {
    const keys = ACTIONS.map((a) => DEFAULT_SETTINGS.hotkeys[a.id]).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(DEFAULT_SETTINGS.hotkeys).sort()).toEqual(ACTIONS.map((a) => a.id).sort());
  });

  it('maps Alt+S to playing the selection and Alt+Shift+S to looping it (physical keys)', () => {
    const key = (code: string, shiftKey = false) =>
      ({ key: 's', code, altKey: true, shiftKey, ctrlKey: false, metaKey: false }) as KeyboardEvent;
    expect(actionFor(key('KeyS'))).toBe('playSelection');
    expect(actionFor(key('KeyS', true))).toBe('loopSelection');
  });
});
