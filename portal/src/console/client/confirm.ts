// 火警确认: each verdict button asks once, saying what will happen (a real fire goes to 119 at once; a false
// alarm needs its cause), then sends it; the countdowns tick; the page reloads every 10 s unless the operator
// is in the middle of answering, and rings when a new fire is waiting.
import { api } from "./api.ts";

const dialog = document.getElementById("verdict-dialog") as HTMLDialogElement;
const text = dialog.querySelector(".confirm-text")!;
const causeBox = dialog.querySelector<HTMLElement>(".cause")!;
const causePick = document.getElementById("cause-pick") as HTMLSelectElement;
const causeText = document.getElementById("cause-text") as HTMLInputElement;

const WHAT: Record<string, string> = {
  REAL_FIRE: "确认这是真实火警？系统将立即把火警报告 119，并通知单位负责人和监控中心。",
  FALSE_ALARM: "确认这是误报？请选择原因。确认后不再报告 119。",
  TEST: "确认这是测试？确认后不再报告 119。",
  FAULT: "确认这是设备故障（没有火情）？确认后不再报告 119，并转为设备维修。",
};

function ask(card: HTMLElement, verdict: string): Promise<{ ok: boolean; cause?: string }> {
  const title = card.querySelector("h2")?.textContent ?? "";
  text.replaceChildren(
    ...[title, WHAT[verdict] ?? ""].map((t) => Object.assign(document.createElement("p"), { textContent: t })),
  );
  causeBox.hidden = verdict !== "FALSE_ALARM";
  causeText.value = "";
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.onclose = () => {
      if (dialog.returnValue !== "yes") return resolve({ ok: false });
      if (verdict !== "FALSE_ALARM") return resolve({ ok: true });
      const extra = causeText.value.trim();
      const cause = causePick.value === "其他" ? extra : extra ? `${causePick.value}：${extra}` : causePick.value;
      resolve({ ok: true, cause });
    };
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>("button.confirm-no")!.focus();
  });
}

let busy = false;
for (const card of document.querySelectorAll<HTMLElement>(".confirm-card")) {
  const say = (t: string) => (card.querySelector(".card-message")!.textContent = t);
  for (const b of card.querySelectorAll<HTMLButtonElement>("button.verdict")) {
    b.addEventListener("click", () => {
      busy = true;
      const verdict = b.dataset.verdict!;
      void ask(card, verdict)
        .then(async ({ ok, cause }) => {
          if (!ok) return;
          if (verdict === "FALSE_ALARM" && !cause) return say("误报请选择或填写原因");
          const r = await api<{ handedTo119: boolean }>("POST", `/api/centre/alarms/${card.dataset.id}/verdict`, {
            verdict,
            ...(cause ? { cause } : {}),
          });
          say(r.handedTo119 ? "已确认为真实火警，正在报告 119" : "已确认");
          setTimeout(() => location.reload(), 1500);
        })
        .catch((e: Error) => say(e.message))
        .finally(() => (busy = false));
    });
  }
}

// the countdowns
function tick(): void {
  for (const card of document.querySelectorAll<HTMLElement>(".confirm-card")) {
    const deadline = card.dataset.deadline ? Date.parse(card.dataset.deadline) : NaN;
    const out = card.querySelector(".countdown")!;
    if (Number.isNaN(deadline)) continue;
    const left = Math.round((deadline - Date.now()) / 1000);
    out.textContent =
      left > 0
        ? `剩余 ${Math.floor(left / 60)} 分 ${String(left % 60).padStart(2, "0")} 秒，超时将按真实火警处置`
        : "已超时：按真实火警处置，已通知单位负责人和监控中心";
    card.classList.toggle("late", left <= 0);
  }
}
tick();
setInterval(tick, 1000);

// new fires: the title flashes and a tone sounds (once the page has been clicked: browsers block sound before)
const pending = document.querySelectorAll(".confirm-card").length;
const seen = Number(sessionStorage.getItem("anxin-confirm-pending") ?? "0");
sessionStorage.setItem("anxin-confirm-pending", String(pending));
if (pending) {
  const base = document.title;
  let on = false;
  setInterval(() => {
    on = !on;
    document.title = on ? `【待确认火警 ${pending}】${base}` : base;
  }, 1000);
  if (pending > seen) {
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch {
      /* no sound allowed yet: the title and the red cards still show */
    }
  }
}
setInterval(() => {
  if (!busy && !dialog.open && !document.activeElement?.closest("dialog")) location.reload();
}, 10_000);
