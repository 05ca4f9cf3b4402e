import { describe, expect, it } from 'vitest';
import { calls, readSource, sourceFiles } from '../support/source-scan';

// Delivery.status has one writer: the lifecycle module (core/src/domain/delivery/transition-delivery.ts).
// Any other create/update of a delivery whose data sets `status` fails this test.

const ALLOWED = new Set(['core/src/domain/delivery/transition-delivery.ts']);

/** The argument text of each `delivery.<write>(` call. */
const deliveryWrites = (source: string) =>
  calls(source, /\bdelivery\.(update|updateMany|upsert|create|createMany)\(/g).map((c) => c.args);

describe('Delivery lifecycle', () => {
  it('no file outside the lifecycle module writes Delivery.status', () => {
    const offenders: string[] = [];
    let writes = 0;
    for (const rel of sourceFiles())
      for (const call of deliveryWrites(readSource(rel))) {
        writes++;
        if (/\bdata\s*:[\s\S]*\bstatus\s*:/.test(call) && !ALLOWED.has(rel))
          offenders.push(`${rel}: ${call.slice(0, 80)}`);
      }
    expect(writes).toBeGreaterThan(3); // the scan finds the writes there are (it can fail)
    expect(offenders).toEqual([]);
  });
});
