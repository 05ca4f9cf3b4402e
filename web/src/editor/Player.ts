// Audio playback for the editor: an <audio> element streaming the dictation over HTTP Range,
// drawn by wavesurfer.js from peaks computed on the server (so long audio is never decoded in the
// browser). Speed changes keep the pitch; resuming rewinds a configurable few seconds.
import WaveSurfer from 'wavesurfer.js';

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
  private hasPlayed = false;
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
    });
    this.ws.on('timeupdate', (t) => opts.onTime?.(t));
    this.ws.on('error', (e) => {
      this.error = e?.message ?? 'Audio error';
      opts.onState?.();
    });
  }

  destroy() {
    this.destroyed = true;
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

  async play() {
    if (this.destroyed) return;
    if (this.hasPlayed && this.autoRewindSec > 0 && this.audio.currentTime > 0) {
      this.seek(this.audio.currentTime - this.autoRewindSec);
    }
    this.hasPlayed = true;
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
    this.audio.pause();
  }

  toggle() {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** Seek without auto-rewind (clicking a word, the waveform, a blank). */
  seek(t: number) {
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
    if (this.scanResume) {
      this.hasPlayed = false; // no auto-rewind right after scanning
      void this.play();
    }
  }
}
