// The alarm screens' attention (实时报警 and 火警确认): two short tones (browsers allow sound only after the page
// was clicked once, so "开启报警声音" asks for that click), a desktop notification for a new fire when the browser
// allows them, and the tab title that flashes while a fire alarm is untaken. One audio context for the whole
// app: sound turned on in one screen stays on in the other. Whether it is on is what the browser says
// (AudioContext.state), and the screens hear each change (onSoundChange, useAlarmSound).
let audio: AudioContext | null = null;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

function context(): AudioContext {
  if (!audio) {
    audio = new AudioContext();
    audio.addEventListener("statechange", changed);
  }
  return audio;
}

export function beep(): void {
  try {
    const ctx = context();
    for (const start of [0, 0.35]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.25);
    }
  } catch {
    /* no audio device: the flashing card still shows */
  }
}

/** True once the browser lets the page make sound. */
export const soundOn = (): boolean => audio?.state === "running";

/** Calls `listener` whenever sound turns on or off; the function returned stops that. */
export function onSoundChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The click on "开启报警声音": a tone, the notification permission asked once, then whether sound is on. */
export async function enableSound(): Promise<boolean> {
  beep();
  if (typeof Notification !== "undefined" && Notification.permission === "default")
    void Notification.requestPermission().catch(() => undefined);
  await audio?.resume().catch(() => undefined);
  changed();
  return soundOn();
}

/** A desktop notification for a fire (when the browser allows them); `body` says where to handle it. */
export function notifyDesktop(
  alarmId: string | null,
  kindLabel: string | undefined,
  body = "请立即在实时报警看板处理",
): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    const n = new Notification(`火警：${kindLabel ?? "报警"}`, {
      body,
      ...(alarmId ? { tag: alarmId } : {}),
      requireInteraction: true,
    });
    n.onclick = () => window.focus();
  } catch {
    /* some browsers allow notifications only from a service worker: the title and sound still work */
  }
}

/**
 * While `fires` fire alarms wait (untaken on the board, unconfirmed on 火警确认), the tab title alternates
 * between the two `titles`, the first shown at once, every second; back to `base` at none or when stopped.
 */
export function flashTitle(
  fires: number,
  base: string,
  titles: readonly [string, string] = [`【火警 ${fires}】未处理 · ${base}`, `🔥🔥🔥 ${base}`],
): () => void {
  if (!fires) {
    document.title = base;
    return () => undefined;
  }
  let on = true;
  document.title = titles[0];
  const timer = setInterval(() => {
    on = !on;
    document.title = titles[on ? 0 : 1];
  }, 1000);
  return () => {
    clearInterval(timer);
    document.title = base;
  };
}
