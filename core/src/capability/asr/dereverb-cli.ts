import { dereverbWavFile } from './dereverb';

// `dereverbWav` runs this in a child process: node dereverb-cli.ts <input.wav> <output.wav> [wpe options JSON].
const [input, output, wpe] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: dereverb-cli <input.wav> <output.wav>\n');
  process.exit(2);
}
await dereverbWavFile(input, output, wpe ? JSON.parse(wpe) : undefined);
