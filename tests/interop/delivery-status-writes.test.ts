import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Delivery.status has one writer: the lifecycle module (core/src/domain/delivery/transition-delivery.ts).
// Any other create/update of a delivery whose data sets `status` fails this test.

const ROOTS = ['api/src', 'core/src', 'worker/src'];
const ALLOWED = new Set([path.join('core', 'src', 'domain', 'delivery', 'transition-delivery.ts')]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The argument text of each `delivery.<write>(` call, up to its matching parenthesis. */
function deliveryWrites(source: string): string[] {
  const out: string[] = [];
  const re = /\bdelivery\.(update|updateMany|upsert|create|createMany)\(/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    out.push(source.slice(m.index, i));
  }
  return out;
}

describe('Delivery lifecycle', () => {
  it('no file outside the lifecycle module writes Delivery.status', () => {
    const root = path.resolve(__dirname, '../..');
    const offenders: string[] = [];
    let writes = 0;
    for (const dir of ROOTS)
      for (const file of files(path.join(root, dir))) {
        const rel = path.relative(root, file);
        for (const call of deliveryWrites(readFileSync(file, 'utf8'))) {
          writes++;
          if (/\bdata\s*:[\s\S]*\bstatus\s*:/.test(call) && !ALLOWED.has(rel))
            offenders.push(`${rel}: ${call.slice(0, 80)}`);
        }
      }
    expect(writes).toBeGreaterThan(3); // the scan finds the writes there are (it can fail)
    expect(offenders).toEqual([]);
  });
});
