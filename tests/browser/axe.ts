// axe-core (WCAG 2.1 A/AA rules) run inside a page of the real web app. Its source is injected
// with playwright's addScriptTag, from the axe-core package (a devDependency of tests).
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The WCAG 2.1 AA violations on the page as it is now, plus the checks axe does not make. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: axePath });
  type Violation = {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  };
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
  // One <h1> per page (a best practice axe reports only outside the WCAG tags).
  const h1 = await page.locator('h1').count();
  if (h1 !== 1)
    found.push({ id: 'one-h1', impact: 'moderate', help: `the page has ${h1} <h1> elements`, nodes: [] });
  return found;
}

/** Readable failure text: which rule, where. */
export const describeViolations = (name: string, v: AxeFinding[]) =>
  `${name}: ${v.length} violation(s)\n${v.map((x) => `- ${x.id} (${x.impact}): ${x.help}\n    ${x.nodes.join('\n    ')}`).join('\n')}`;
