// Audio playback for the editor: an <audio> element streaming the dictation over HTTP Range,
// drawn by wavesurfer.js from peaks computed on the server (so long audio is never decoded in the
// browser). Speed changes keep the pitch; resuming a pause rewinds a configurable few seconds (never
// after an explicit seek: clicking a word and pressing play starts at that word).
import WaveSurfer from 'wavesurfer.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';

export interface PlayerOptions {
  container: HTMLElement;
  url: string;
  peaks: number[] | null;
  duration: number | null;
  onTime?: (t: number) => void;
  onState?: () => void;
  autoRewindSec?: number;
}

export const MIN_RATE = 0.5;
export const MAX_RATE = 2;

export class Player {
  readonly audio: HTMLAudioElement;
  private ws: WaveSurfer | null = null;
  autoRewindSec: number;
  /** Set by a pause; cleared by any seek. Auto-rewind applies only to resuming a pause. */
  private resumeRewind = false;
  /** Playing a selection: stop (or loop back) at `to`. */
  private range: { from: number; to: number; loop: boolean } | null = null;
  private rangeRaf = 0;
  private scanTimer: number | null = null;
  private scanResume = false;
  private destroyed = false;
  error: string | null = null;

  constructor(private opts: PlayerOptions) {
    this.autoRewindSec = opts.autoRewindSec ?? 1.5;
    const audio = document.createElement('audio');
    audio.preload = 'auto';
    audio.crossOrigin = null;
    audio.preservesPitch = true;
    audio.src = opts.url;
    this.audio = audio;
    audio.addEventListener('error', () => {
      this.error = 'The audio could not be loaded.';
      opts.onState?.();
    });
    for (const ev of [
      'play',
      'pause',
      'ratechange',
      'loadedmetadata',
      'durationchange',
      'ended',
      'canplay',
    ]) {
      audio.addEventListener(ev, () => opts.onState?.());
    }
    // Time updates: wavesurfer ticks on animation frames while playing; seeks are reported too.
    audio.addEventListener('seeked', () => opts.onTime?.(audio.currentTime));
    audio.addEventListener('timeupdate', () => opts.onTime?.(audio.currentTime));
    const duration = opts.duration ?? undefined;
    const peaks = opts.peaks ? [Float32Array.from(opts.peaks)] : duration ? [new Float32Array(2)] : undefined;
    this.ws = WaveSurfer.create({
      container: opts.container,
      media: audio,
      peaks,
      duration,
      height: 64,
      waveColor: '#9bb3c9',
      progressColor: '#2f6f9f',
      cursorColor: '#c2410c',
      cursorWidth: 2,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      normalize: true,
      dragToSeek: true,
      autoScroll: true,
      autoCenter: true,
      minPxPerSec: 0,
      // A time ruler under the waveform (labels every few seconds, finer when zoomed in).
      plugins: [TimelinePlugin.create({ height: 16, style: { fontSize: '11px', color: '#374151' } })],
    });
    this.ws.on('timeupdate', (t) => opts.onTime?.(t));
    // A seek by the waveform (click, drag) also means "play from here", without rewind.
    this.ws.on('interaction', () => {
      this.resumeRewind = false;
      this.range = null;
    });

    this.ws.on('error', (e) => {
      this.error = e?.message ?? 'Audio error';
      opts.onState?.();
    });
  }

  destroy() {
    this.destroyed = true;
    cancelAnimationFrame(this.rangeRaf);
    this.stopScan();
    this.ws?.destroy();
    this.ws = null;
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
  }

  get playing() {
    return !this.audio.paused;
  }
  get currentTime() {
    return this.audio.currentTime;
  }
  get duration() {
    const d = this.audio.duration;
    return Number.isFinite(d) && d > 0 ? d : (this.opts.duration ?? 0);
  }
  get rate() {
    return this.audio.playbackRate;
  }

  /** Play from the current position; after a pause (and no seek since), rewind a little first. */
  async play() {
    if (this.destroyed) return;
    if (this.resumeRewind && this.autoRewindSec > 0 && this.audio.currentTime > 0) {
      const from = this.range ? this.range.from : 0;
      this.setTime(Math.max(from, this.audio.currentTime - this.autoRewindSec));
    }
    this.resumeRewind = false;
    try {
      await this.audio.play();
    } catch (e) {
      if ((e as Error).name !== 'AbortError') {
        this.error = (e as Error).message;
        this.opts.onState?.();
      }
    }
  }

  pause() {
    if (this.playing) this.resumeRewind = true;
    this.audio.pause();
  }

  /**
   * Play [from, to] and stop at `to` (or start again at `from`, looping) — the selected words.
   * Watched on animation frames (timeupdate comes only every ~250 ms).
   */
  playRange(from: number, to: number, loop = false) {
    if (this.destroyed || !(to > from)) return;
    this.seek(from);
    this.range = { from, to, loop };
    void this.play();
    cancelAnimationFrame(this.rangeRaf);
    const watch = () => {
      const r = this.range;
      if (!r || this.destroyed) return;
      if (this.audio.currentTime >= r.to) {
        if (r.loop) {
          this.setTime(r.from);
        } else {
          this.range = null;
          this.audio.pause();
          this.setTime(r.to);
          this.resumeRewind = false;
          return;
        }
      }
      this.rangeRaf = requestAnimationFrame(watch);
    };
    this.rangeRaf = requestAnimationFrame(watch);
  }

  /** Zoom the waveform: pixels per second of audio (0 = fit the whole recording). */
  zoom(pxPerSec: number) {
    this.zoomLevel = Math.max(0, Math.min(500, pxPerSec));
    try {
      this.ws?.zoom(this.zoomLevel);
    } catch {
      /* not loaded yet: applied once it is (wavesurfer keeps minPxPerSec) */
    }
    return this.zoomLevel;
  }
  zoomLevel = 0;

  /** The selection being played (or looped), if any. */
  get playingRange() {
    return this.range;
  }

  stopRange() {
    this.range = null;
    cancelAnimationFrame(this.rangeRaf);
  }

  toggle() {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** An explicit seek (clicking a word, the waveform, a blank, skip keys): no auto-rewind after it. */
  seek(t: number) {
    this.resumeRewind = false;
    if (this.range && (t < this.range.from || t > this.range.to)) this.stopRange();
    this.setTime(t);
  }

  private setTime(t: number) {
    const d = this.duration;
    const clamped = Math.max(0, d ? Math.min(t, d) : t);
    this.audio.currentTime = clamped;
    this.opts.onTime?.(clamped);
  }

  skip(sec: number) {
    this.seek(this.audio.currentTime + sec);
  }

  setRate(r: number) {
    const rate = Math.round(Math.min(MAX_RATE, Math.max(MIN_RATE, r)) * 10) / 10;
    this.audio.preservesPitch = true;
    this.audio.playbackRate = rate;
    this.audio.defaultPlaybackRate = rate;
    return rate;
  }

  /** Continuous rewind / fast-forward while a pedal or key is held. */
  startScan(direction: -1 | 1) {
    if (this.scanTimer !== null) return;
    this.scanResume = this.playing;
    this.pause();
    this.skip(direction * 0.5);
    this.scanTimer = window.setInterval(() => this.skip(direction * 0.6), 100);
  }

  stopScan() {
    if (this.scanTimer === null) return;
    clearInterval(this.scanTimer);
    this.scanTimer = null;
    if (this.scanResume) void this.play(); // skips are seeks: no auto-rewind right after scanning
  }
}
