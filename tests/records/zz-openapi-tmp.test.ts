import { it, expect } from 'vitest';
import { createTestApp } from '../support/api-harness';
it('openapi', async () => {
  const t = await createTestApp({ ASR_ENGINE: 'none' });
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  const paths = Object.keys(res.json().paths).filter((p) => /document|line-counts/.test(p));
  console.log(paths.join('\n'));
  console.log(JSON.stringify(res.json().paths['/api/v1/reports/line-counts'].get.responses['200']).slice(0, 400));
  await t.close();
});
