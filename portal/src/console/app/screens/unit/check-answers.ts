// The answers of the monthly check / yearly test form (check-form.tsx), apart from the form: each item's choice
// and note kept by the item's own key, never by its place in the template. The template is read again whenever
// the unit's file changes (a facility added while someone is half way round the building puts its items among
// the others), and the form is not started again for that, so an answer kept by place would move to another
// item and be saved as its result. Kept by key, every answer stays with its item; an item gone from the
// template takes its answer with it, a new one starts unanswered.
import type { FacilityTestList } from "@anxin/contract/units";

export type TemplateItem = FacilityTestList["template"][number];

/**
 * An item's key: its words. They are unique in a template (a facility system's items begin with the system's
 * name, a unit has each system once, and the API refuses a record with two items alike), and they are what
 * the record stores.
 */
export const itemKey = (x: TemplateItem): string => x.item;

export interface Answers {
  /** each item's choice by its key: true passed, false failed; an item not in it is not checked yet */
  readonly results: ReadonlyMap<string, boolean>;
  /** what was written beside an item, by its key */
  readonly notes: ReadonlyMap<string, string>;
}

export const NO_ANSWERS: Answers = { results: new Map(), notes: new Map() };

const only = <V>(m: ReadonlyMap<string, V>, keep: ReadonlySet<string>): ReadonlyMap<string, V> => {
  if ([...m.keys()].every((k) => keep.has(k))) return m;
  return new Map([...m].filter(([k]) => keep.has(k)));
};

/** The answers to the items of `template` only (the same object when none was dropped). */
export function fitAnswers(a: Answers, template: readonly TemplateItem[]): Answers {
  const keep = new Set(template.map(itemKey));
  const results = only(a.results, keep);
  const notes = only(a.notes, keep);
  return results === a.results && notes === a.notes ? a : { results, notes };
}

/** The item `key` passed (`ok`) or failed. */
export function answerItem(a: Answers, key: string, ok: boolean): Answers {
  return { ...a, results: new Map(a.results).set(key, ok) };
}

/** What was written beside the item `key`. */
export function noteItem(a: Answers, key: string, note: string): Answers {
  return { ...a, notes: new Map(a.notes).set(key, note) };
}

/** Every item of `keys` not checked yet passed (本组其余 N 项均正常); those answered keep their answer. */
export function passRest(a: Answers, keys: readonly string[]): Answers {
  const results = new Map(a.results);
  for (const k of keys) if (!results.has(k)) results.set(k, true);
  return { ...a, results };
}

/** How far the form is: items checked, failed, left, and the place in the template of the first left (-1: none). */
export function progressOf(template: readonly TemplateItem[], a: Answers) {
  let done = 0;
  let failed = 0;
  let firstLeft = -1;
  template.forEach((x, i) => {
    const r = a.results.get(itemKey(x));
    if (r === undefined) {
      if (firstLeft < 0) firstLeft = i;
      return;
    }
    done++;
    if (!r) failed++;
  });
  return { done, failed, left: template.length - done, firstLeft };
}

/**
 * The record's items (POST /api/units/:id/facility-tests), in the template's order: each with its result and
 * the note written beside it, a passed item's too (the form before this one sent every item's note, and the
 * record keeps and shows it). Only when every item is answered: an item left is never sent as passed.
 */
export function recordItems(
  template: readonly TemplateItem[],
  a: Answers,
): { item: string; ok: boolean; note?: string; facilityKind?: string }[] | null {
  if (progressOf(template, a).left) return null;
  return template.map((x) => {
    const key = itemKey(x);
    const note = (a.notes.get(key) ?? "").trim();
    return {
      item: x.item,
      ok: a.results.get(key) === true,
      ...(note ? { note } : {}),
      ...(x.facilityKind ? { facilityKind: x.facilityKind } : {}),
    };
  });
}
