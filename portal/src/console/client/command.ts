// The command view brings itself up to date in place (the wall display, pages/command.ts): every few
// seconds it asks the server for the same page and swaps in the new map, feed and unit file, with no page
// reload (no flash across the room, the header and the pause button stay). A person at the screen can pause
// it (WCAG 2.2.1: a timed update the user can turn off); the choice lasts for the browser tab. An update is
// skipped while the keyboard focus is inside the view (a swap would take the focus away) or the tab is
// hidden; a failed one keeps the last view and says so.
const bar = document.querySelector<HTMLElement>("[data-refresh-sec]");
const toggle = bar?.querySelector<HTMLButtonElement>("[data-refresh-toggle]");
const state = bar?.querySelector<HTMLElement>(".cmd-refresh-state");

if (bar && toggle && state) {
  const seconds = Math.min(Math.max(Number(bar.dataset.refreshSec) || 5, 2), 300);
  const KEY = "anxin.command.paused";
  let paused = sessionStorage.getItem(KEY) === "1";
  let failed = false;
  let busy = false;

  const show = () => {
    toggle.setAttribute("aria-pressed", String(paused));
    toggle.textContent = paused ? "恢复自动更新" : "暂停自动更新";
    state.textContent = paused
      ? "自动更新已暂停"
      : failed
        ? `更新失败，显示的是上次的画面；每 ${seconds} 秒重试`
        : `每 ${seconds} 秒自动更新`;
  };
  bar.hidden = false;
  show();
  toggle.addEventListener("click", () => {
    paused = !paused;
    sessionStorage.setItem(KEY, paused ? "1" : "0");
    show();
  });

  const update = async () => {
    const view = document.querySelector(".cmd");
    if (paused || busy || document.hidden || !view || view.contains(document.activeElement)) return;
    busy = true;
    try {
      const res = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
      // signed out, or no longer allowed here: the page itself says so (the sign-in or the refusal)
      if (res.redirected || res.status === 401 || res.status === 403) return location.reload();
      if (!res.ok) throw new Error(`command view ${res.status}`);
      const next = new DOMParser().parseFromString(await res.text(), "text/html").querySelector(".cmd");
      if (!next) throw new Error("command view without its grid");
      if (!paused) view.replaceWith(document.importNode(next, true));
      failed = false;
    } catch {
      failed = true;
    } finally {
      busy = false;
      show();
    }
  };
  setInterval(() => void update(), seconds * 1000);
}
