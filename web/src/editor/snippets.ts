// My and this author's text expanders and normals (a work type's usual text). They are looked up
// before the shared expanders: mine first, then the author's.
import { snippetsApi, type TextSnippet } from '../api/worklist-stats';
import type { SessionContext } from './sessionState';

type Scope = TextSnippet['scope'];

export class SnippetController {
  constructor(private s: SessionContext) {}

  private find(kind: TextSnippet['kind'], scope: Scope, test: (s: TextSnippet) => boolean) {
    return this.s.store.get().snippets.find((x) => x.kind === kind && x.scope === scope && test(x));
  }

  async load() {
    const d = this.s.store.get().dictation;
    if (!d) return;
    try {
      const snippets = await snippetsApi.list(d.author.id, d.workType.code);
      if (!this.s.destroyed) this.s.store.set({ snippets });
    } catch {
      /* the shared expanders still work */
    }
  }

  /** My expansion of an abbreviation, else the author's. */
  expansion(abbr: string): string | undefined {
    const a = abbr.toLowerCase();
    const of = (scope: Scope) => this.find('EXPANDER', scope, (x) => x.abbreviation?.toLowerCase() === a);
    return (of('mine') ?? of('author'))?.text;
  }

  /** The normal for this work type: the author's if there is one, else mine. */
  normal(): TextSnippet | null {
    const wt = this.s.store.get().dictation?.workType.code;
    const of = (scope: Scope) => this.find('NORMAL', scope, (x) => x.workType === wt);
    return of('author') ?? of('mine') ?? null;
  }

  /** Insert this work type's normal at the caret; false when there is none. */
  insertNormal(): boolean {
    const n = this.normal();
    if (!n || !this.s.editor) return false;
    this.s.editor.insertText(n.text);
    return true;
  }

  /** Add an expander (for me or for this author), or save the selected text as a normal. */
  async add(input: { kind: 'EXPANDER' | 'NORMAL'; scope: Scope; abbreviation?: string; text: string }) {
    const d = this.s.store.get().dictation;
    if (!d) return;
    await snippetsApi.create({
      ...input,
      ...(input.scope === 'author' ? { authorId: d.author.id } : {}),
      ...(input.kind === 'NORMAL' ? { workType: d.workType.code } : {}),
    });
    await this.load();
  }

  async remove(id: string) {
    await snippetsApi.remove(id);
    await this.load();
  }
}
