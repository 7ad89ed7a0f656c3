/**
 * Accessibility for the browser build. Taro's H5 components are custom elements without semantics: a
 * <Button> is a <taro-button-core> that no keyboard can reach and no screen reader calls a button, its tab
 * bar is a list of <a> without a landmark. This gives them what a native element would have (axe checks it
 * in the H5 browser suites, issue 22 item 10):
 * - every Taro button, and every element we mark role=button/radio, is focusable (not when disabled) and
 *   says whether it is disabled; Enter or Space on it clicks it, as on a native button;
 * - the tab bar is the app's navigation landmark;
 * - a page's scrolling container can take the focus, so it can be scrolled from the keyboard.
 * WeChat draws its own native components; this runs only in H5.
 */
const CONTROLS = "taro-button-core, [role='button'], [role='radio'], [role='checkbox'], [role='switch']";

export function applySemantics(root: ParentNode): void {
  root.querySelectorAll(CONTROLS).forEach((el) => {
    if (el.tagName.toLowerCase() === "taro-button-core" && !el.hasAttribute("role")) el.setAttribute("role", "button");
    const disabled = el.hasAttribute("disabled") && el.getAttribute("disabled") !== "false";
    const tabindex = disabled ? "-1" : "0";
    if (el.getAttribute("tabindex") !== tabindex) el.setAttribute("tabindex", tabindex);
    if (el.tagName.toLowerCase() === "taro-button-core" && el.getAttribute("aria-disabled") !== String(disabled))
      el.setAttribute("aria-disabled", String(disabled));
  });
  root.querySelectorAll(".weui-tabbar:not([role])").forEach((el) => {
    el.setAttribute("role", "navigation");
    el.setAttribute("aria-label", "主菜单");
  });
  root.querySelectorAll(".taro_page:not([tabindex])").forEach((el) => el.setAttribute("tabindex", "0"));
}

function onKey(e: KeyboardEvent): void {
  if (e.key !== "Enter" && e.key !== " ") return;
  const el = e.target as HTMLElement | null;
  if (!el || typeof el.matches !== "function" || !el.matches(CONTROLS)) return;
  if (el.getAttribute("aria-disabled") === "true") return;
  e.preventDefault();
  el.click();
}

/** Start keeping the document's controls accessible; returns the function that stops it. */
export function installH5Accessibility(doc: Document = document): () => void {
  let queued = false;
  const run = () => {
    queued = false;
    applySemantics(doc);
  };
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(run);
  });
  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["disabled", "role"],
  });
  doc.addEventListener("keydown", onKey);
  run();
  return () => {
    observer.disconnect();
    doc.removeEventListener("keydown", onKey);
  };
}
