import { enhanceWavFile } from './enhance';

// `enhanceWav` runs this in a child process: node enhance-cli.ts <input.wav> <output.wav> <enhancement JSON>.
const [input, output, enhancement] = process.argv.slice(2);
if (!input || !output || !enhancement) {
  process.stderr.write('usage: enhance-cli <input.wav> <output.wav> <enhancement JSON>\n');
  process.exit(2);
}
await enhanceWavFile(input, output, JSON.parse(enhancement));
