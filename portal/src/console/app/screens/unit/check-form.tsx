// The form that records a monthly fire inspection (月度防火检查, a unit's safety officer walking round the
// building with a phone) or a yearly facility test (the maintenance technician): the unit's checklist grouped by
// facility system under headings that fold away and that a row of links at the top jumps to, each item a
// fieldset of two large radio buttons (正常 / 异常, or 合格 / 不合格), the note asked for only when an item
// fails (it becomes the hazard's place), and a bar stuck to the screen's bottom with what is checked so far
// and the save button. Every item must be answered: saving with some left says how many and takes the person
// to the first of them. On a desk each item is one line (item, choice, note), as the table it replaced was.
// The answers are kept by each item's key (check-answers.ts): the template is read again when the unit's file
// changes, and an answer stays with its item wherever the item now is.
import { useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import type { FacilityTestKind, FacilityTestList } from "@anxin/contract/units";
import { FACILITY_LABEL, FACILITY_TEST_KIND_LABEL } from "@anxin/contract/labels";
import { api, upload } from "../../../client/api.ts";
import { FilePick } from "../../components/FilePick.tsx";
import {
  answerItem,
  fitAnswers,
  itemKey,
  NO_ANSWERS,
  noteItem,
  passRest,
  progressOf,
  recordItems,
} from "./check-answers.ts";
import { FILE_TYPES, FormResult, textOf, type FormProps } from "./forms.tsx";

/** The words of a record's choices, its date and its notes, by kind. */
const WORDS: Record<FacilityTestKind, { ok: string; bad: string; date: string; rest: string }> = {
  MONTHLY_INSPECTION: { ok: "正常", bad: "异常", date: "检查日期", rest: "均正常" },
  FACILITY_TEST: { ok: "合格", bad: "不合格", date: "检测日期", rest: "均合格" },
};
/** the items the checklist asks of every unit (no facility system of its own) */
const GENERAL = "通用检查";

interface Item {
  /** what its answer is kept by (check-answers.ts): its React key and its radio group's name */
  key: string;
  /** its place in the template now: the fieldset's id (check-item-3) and the note's name (note3) */
  index: number;
  item: string;
  /** what the item says under its group's heading (without the system's name before it) */
  short: string;
  facilityKind: string | null;
}
interface Group {
  key: string;
  name: string;
  items: Item[];
}

/** The template's items by facility system, in the template's order (the general items first). */
export function checkGroups(template: FacilityTestList["template"]): Group[] {
  const groups = new Map<string, Group>();
  template.forEach((x, index) => {
    const key = x.facilityKind ?? "GENERAL";
    const name = x.facilityKind
      ? ((FACILITY_LABEL as Record<string, string | undefined>)[x.facilityKind] ?? x.facilityKind)
      : GENERAL;
    const short = x.item.startsWith(`${name}：`) ? x.item.slice(name.length + 1) : x.item;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, name, items: [] }));
    g.items.push({ key: itemKey(x), index, item: x.item, short, facilityKind: x.facilityKind });
  });
  return [...groups.values()];
}

/** Record a test of the viewer's kind: each item passed or failed (a failed item becomes a hazard). */
export function CheckForm(props: FormProps & { tests: FacilityTestList; kind: FacilityTestKind }) {
  const { template, today } = props.tests;
  const words = WORDS[props.kind];
  const label = FACILITY_TEST_KIND_LABEL[props.kind];
  const groups = checkGroups(template);
  const [file, setFile] = useState<File | null>(null);
  /** each item's answer and note by its key (not its place: the template may change under the form) */
  const [answers, setAnswers] = useState(NO_ANSWERS);
  // the template read again (a facility added or removed): the answers of items gone from it are dropped
  const shape = template.map(itemKey).join("\n");
  const [answeredShape, setAnsweredShape] = useState(shape);
  if (answeredShape !== shape) {
    setAnsweredShape(shape);
    setAnswers((a) => fitAnswers(a, template));
  }
  const { results, notes } = answers;
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  /** saving was asked for with items left: those are marked, and how many are left is said until none is */
  const [missing, setMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const { done, failed, left, firstLeft } = progressOf(template, answers);
  const doneIn = (g: Group) => g.items.filter((x) => results.has(x.key)).length;

  const unfold = (key: string) =>
    setFolded((f) => {
      if (!f.has(key)) return f;
      const n = new Set(f);
      n.delete(key);
      return n;
    });
  /** takes the person to `selector` in the group `key`, unfolded first: the item or heading at the top, focused */
  const goTo = (key: string, selector: string) => {
    flushSync(() => unfold(key));
    const el = formRef.current?.querySelector<HTMLElement>(selector);
    if (!el) return;
    (el.closest(".check-item, .check-group") ?? el).scrollIntoView({ block: "start" });
    el.focus({ preventScroll: true });
  };

  const toggle = (key: string) =>
    setFolded((f) => {
      const n = new Set(f);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const answer = (key: string, ok: boolean) => setAnswers((a) => answerItem(a, key, ok));
  const note = (key: string, text: string) => setAnswers((a) => noteItem(a, key, text));
  const restPass = (g: Group) => {
    const keys = g.items.map((x) => x.key);
    setAnswers((a) => passRest(a, keys));
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const items = recordItems(template, answers);
    if (!items) {
      // take the person to the first item left, its group unfolded
      setMissing(true);
      goTo(template[firstLeft]!.facilityKind ?? "GENERAL", `#check-item-${firstLeft} input[type="radio"]`);
      return;
    }
    const data = new FormData(e.currentTarget);
    const testedOn = textOf(data.get("testedOn"));
    const summary = textOf(data.get("summary"));
    const form = e.currentTarget;
    void props
      .save(
        "facility-test-add",
        async () => {
          const rec = await api<{ id: string; kindLabel: string }>("POST", `${props.unitPath}/facility-tests`, {
            kind: props.kind,
            testedOn,
            items,
            ...(summary ? { summary } : {}),
          });
          if (file) {
            const qs = new URLSearchParams({ title: `${testedOn} ${rec.kindLabel}报告` });
            await upload(
              `${props.unitPath}/facility-tests/${encodeURIComponent(rec.id)}/report?${qs.toString()}`,
              file,
            );
          }
        },
        `${label}已记录`,
      )
      .then((ok) => {
        // stored: the form starts again at once, empty (not when the list read again remounts it)
        if (!ok) return;
        form.reset();
        setAnswers(NO_ANSWERS);
        setFile(null);
        setMissing(false);
      });
  };

  return (
    <form
      id="facility-test-add"
      className="check-form noprint"
      data-kind={props.kind}
      aria-labelledby="record-title"
      onSubmit={submit}
      ref={formRef}
    >
      <h3 id="record-title">记录{label}</h3>
      <p className="check-date">
        <label>
          {words.date} <input name="testedOn" type="date" required max={today} defaultValue={today} />
        </label>
      </p>
      {groups.length > 1 ? (
        <nav className="check-jump" aria-label={`${label}分组`}>
          <ul>
            {groups.map((g) => (
              <li key={g.key}>
                <a
                  href={`#check-group-${g.key}`}
                  data-group={g.key}
                  className={doneIn(g) === g.items.length ? "done" : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    goTo(g.key, `#check-group-${g.key}-toggle`);
                  }}
                >
                  {g.name}{" "}
                  <span className="check-count">
                    {doneIn(g)}/{g.items.length}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {groups.map((g) => {
        const open = !folded.has(g.key);
        const n = doneIn(g);
        const rest = g.items.length - n;
        return (
          <section
            key={g.key}
            className="check-group"
            id={`check-group-${g.key}`}
            data-group={g.key}
            aria-labelledby={`check-group-${g.key}-title`}
          >
            <h4 id={`check-group-${g.key}-title`}>
              <button
                type="button"
                id={`check-group-${g.key}-toggle`}
                className="check-toggle"
                aria-expanded={open}
                aria-controls={`check-group-${g.key}-items`}
                onClick={() => toggle(g.key)}
              >
                <span className="check-name">{g.name}</span>
                <span className={n === g.items.length ? "check-count done" : "check-count"}>
                  已检查 {n}/{g.items.length}
                </span>
              </button>
            </h4>
            <div id={`check-group-${g.key}-items`} className="check-items" hidden={!open}>
              {g.items.map((x) => {
                const r = results.get(x.key);
                const state = r === undefined ? (missing ? "missing" : "open") : r ? "ok" : "bad";
                // a save refused for items left: theirs are marked invalid until answered
                const invalid = state === "missing" ? true : undefined;
                const written = notes.get(x.key);
                return (
                  <fieldset key={x.key} className="check-item" id={`check-item-${x.index}`} data-state={state}>
                    <legend>{x.short}</legend>
                    <div className="check-choices">
                      <label className="check-choice check-ok">
                        <input
                          type="radio"
                          name={`ok:${x.key}`}
                          value="1"
                          checked={r === true}
                          aria-invalid={invalid}
                          onChange={() => answer(x.key, true)}
                        />
                        {words.ok}
                      </label>
                      <label className="check-choice check-bad">
                        <input
                          type="radio"
                          name={`ok:${x.key}`}
                          value="0"
                          checked={r === false}
                          aria-invalid={invalid}
                          onChange={() => answer(x.key, false)}
                        />
                        {words.bad}
                      </label>
                    </div>
                    {r === false || (r === true && written !== undefined) ? (
                      // a failed item's place; a note written and the item then passed stays on the screen
                      // and is sent with it (as every item's note was before), or is cleared here
                      <label className="check-note">
                        {r === false ? `${words.bad}情况（位置、现象，将转为隐患）` : "说明"}
                        <input
                          name={`note${x.index}`}
                          maxLength={200}
                          autoComplete="off"
                          value={written ?? ""}
                          onChange={(e) => note(x.key, e.currentTarget.value)}
                        />
                      </label>
                    ) : null}
                  </fieldset>
                );
              })}
              {rest > 0 ? (
                <button type="button" className="btn check-rest" onClick={() => restPass(g)}>
                  {n ? `本组其余 ${rest} 项` : `本组 ${rest} 项`}
                  {words.rest}
                </button>
              ) : null}
            </div>
          </section>
        );
      })}
      {template.length ? null : <p className="notice">该单位档案中还没有消防设施，请先在“消防设施”中添加。</p>}
      <p className="check-summary">
        <label>
          结论与说明 <input name="summary" maxLength={500} />
        </label>
      </p>
      <FilePick
        id="facility-test-file"
        name="file"
        label="报告文件（PDF、Word、JPEG、PNG，20 MB 以内）"
        accept={FILE_TYPES}
        required={false}
        onChange={(files) => setFile(files[0] ?? null)}
      />
      <div className="check-bar">
        <div className="check-progress">
          <p id="check-progress">
            已检查 {done} / 共 {template.length}
            {failed ? (
              <span className="check-failed">
                ，{words.bad} {failed} 项
              </span>
            ) : null}
          </p>
          <div className="check-meter" aria-hidden="true">
            <span style={{ width: `${template.length ? (100 * done) / template.length : 0}%` }} />
          </div>
        </div>
        <button
          type="submit"
          className="btn primary"
          aria-describedby="check-progress"
          disabled={props.action.busy || !template.length}
        >
          保存记录
        </button>
        {missing && left > 0 ? (
          <p className="notice error check-left" role="alert">
            还有 {left} 项未检查，请逐项选择{words.ok}或{words.bad}
          </p>
        ) : null}
        <FormResult {...props} form="facility-test-add" />
      </div>
    </form>
  );
}
