// The file that marks a complete channel-adapted acoustic model folder (written last).
export const CHANNEL_MANIFEST = 'channel.json';

/** The adapted acoustic models, each in `<ASR_MODEL_DIR>-<tag>` (create-engine.ts). */
export const CHANNEL_TAGS = ['phone', 'wide', 'noise', 'room'] as const;
export type ChannelTag = (typeof CHANNEL_TAGS)[number];
