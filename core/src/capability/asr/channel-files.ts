// The file that marks a complete channel-adapted acoustic model folder (written last).
export const CHANNEL_MANIFEST = 'channel.json';
