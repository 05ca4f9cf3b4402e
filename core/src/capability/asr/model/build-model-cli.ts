import { buildAsrModel } from './build-model';

// Builds one model from the options on stdin (JSON) and writes its manifest to stdout: how
// `buildAsrModel({ inChildProcess: true })` keeps a 30-second, CPU-bound build off the caller's event
// loop. The options carry finalized notes, so they come through a pipe, never a file.
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const manifest = await buildAsrModel({ ...JSON.parse(input), inChildProcess: false });
process.stdout.write(`${JSON.stringify(manifest)}\n`);
