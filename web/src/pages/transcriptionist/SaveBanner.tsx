import type { UiState } from '../../editor/EditorSession';

/** Why the text is not saved, and what can be done about it (conflict, lost claim, failure). */
export function SaveBanner({
  ui,
  onKeepMine,
  onShowServer,
  onTakeServer,
  onClaimAgain,
  onRetry,
}: {
  ui: UiState;
  onKeepMine: () => void;
  onShowServer: () => void;
  onTakeServer: () => void;
  onClaimAgain: () => void;
  onRetry: () => void;
}) {
  const s = ui.save;
  if (s.status === 'conflict') {
    return (
      <div className="banner bad" role="alert">
        <strong>This transcript was changed elsewhere</strong>
        {s.conflictVersion !== null ? ` (the server now has version ${s.conflictVersion})` : ''}. Your text is
        kept here and in this browser; nothing was overwritten.
        <span className="banner-actions">
          <button type="button" className="small" onClick={onShowServer}>
            Show server version
          </button>
          <button type="button" className="small primary" onClick={onKeepMine}>
            Save my text as the new version
          </button>
          <button type="button" className="small" onClick={onTakeServer}>
            Use server version
          </button>
        </span>
      </div>
    );
  }
  if (s.status === 'not-claimed') {
    return (
      <div className="banner bad" role="alert">
        {s.message ?? 'You no longer hold this job.'} Your text is kept here and in this browser.
        <span className="banner-actions">
          <button type="button" className="small primary" onClick={onClaimAgain}>
            Claim again and save
          </button>
        </span>
      </div>
    );
  }
  if (s.status === 'offline' || s.status === 'error') {
    return (
      <div className="banner warn" role="alert">
        Saving failed{s.message ? ` (${s.message})` : ''}. Your text is kept in this browser and saving is
        retried.
        <span className="banner-actions">
          <button type="button" className="small" onClick={onRetry}>
            Retry now
          </button>
        </span>
      </div>
    );
  }
  if (s.message) {
    return (
      <div className="banner warn" role="status">
        {s.message}
      </div>
    );
  }
  return null;
}
