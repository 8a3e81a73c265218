import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import type { ChoiceList } from '../../../src/flow-engine/kinds.ts';
import { createKinds } from '../../../src/flow-engine/kinds.ts';
import { noCompletion, textStep } from '../../../src/flow-engine/steps/index.ts';
import { placeholders } from '../../../src/flow-engine/text-overrides.ts';

const base = { steps: [textStep], completions: [noCompletion] };
const list = (texts: ChoiceList['texts']): ChoiceList => ({
  name: 'nominees',
  paged: true,
  choices: () => [],
  texts,
});

describe('registry text overrides', () => {
  it("the app's registry keeps every placeholder of the texts it replaces", () => {
    expect(Object.keys(flowKinds.texts).length).toBeGreaterThan(0);
    expect(() =>
      createKinds({ ...base, texts: flowKinds.texts, lists: [...flowKinds.lists.values()] }),
    ).not.toThrow();
  });

  it('takes an override with the same placeholders, in any order', () => {
    const texts = {
      'err.too_long': { id: 'Maks {max}, ada {length}.', en: 'At most {max}, you typed {length}.' },
    };
    expect(() => createKinds({ ...base, texts })).not.toThrow();
  });

  it('refuses an override that drops a placeholder, naming the key, the locale and both sets', () => {
    const texts = { 'menu.greeting': { id: 'Halo, {name}.', en: 'Hello.' } };
    expect(() => createKinds({ ...base, texts })).toThrow(
      "registry text 'menu.greeting' (en) drops {name}: it has none, the engine text it replaces has {name}",
    );
  });

  it('refuses an override that adds a placeholder nothing fills', () => {
    const texts = { 'flow.busy': { id: 'Sedang mengisi "{title}" ({count}).', en: 'In "{title}".' } };
    expect(() => createKinds({ ...base, texts })).toThrow(
      "registry text 'flow.busy' (id) adds {count}, which nothing fills: it has {title}, {count}, " +
        'the engine text it replaces has {title}',
    );
  });

  it("refuses a paged list's own text with other placeholders, naming the list", () => {
    const lists = [list({ 'list.page': { id: 'Halaman {page} ({count} calon).', en: '' } })];
    expect(() => createKinds({ ...base, lists })).toThrow(
      "list 'nominees' text 'list.page' (id) drops {pages}: it has {page}, {count}, " +
        'the engine text it replaces has {page}, {pages}, {count}',
    );
  });

  it('reads each placeholder once, in order of first use', () => {
    expect(placeholders('{a} dan {b}, lagi {a}')).toEqual(['a', 'b']);
  });
});
