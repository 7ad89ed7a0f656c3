// The board's attention: two short tones (browsers allow sound only after the page was clicked once), a
// desktop notification for a new fire when the browser allows them, and the tab title that flashes while
// a fire alarm is untaken.
let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    for (const start of [0, 0.35]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + start);
      osc.stop(audio.currentTime + start + 0.25);
    }
  } catch {
    /* no audio device: the flashing card still shows */
  }
}

export const soundOn = (): boolean => audio?.state === "running";

/** The click on "开启报警声音": a tone, the notification permission asked once, then whether sound is on. */
export async function enableSound(): Promise<boolean> {
  beep();
  if (typeof Notification !== "undefined" && Notification.permission === "default")
    void Notification.requestPermission().catch(() => undefined);
  await audio?.resume().catch(() => undefined);
  return soundOn();
}

export function notifyDesktop(alarmId: string | null, kindLabel: string | undefined): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    const n = new Notification(`火警：${kindLabel ?? "报警"}`, {
      body: "请立即在实时报警看板处理",
      ...(alarmId ? { tag: alarmId } : {}),
      requireInteraction: true,
    });
    n.onclick = () => window.focus();
  } catch {
    /* some browsers allow notifications only from a service worker: the title and sound still work */
  }
}

/** While `fires` untaken fire alarms are on the board, the tab title alternates; back to `base` at none. */
export function flashTitle(fires: number, base: string): () => void {
  if (!fires) {
    document.title = base;
    return () => undefined;
  }
  let on = true;
  document.title = `【火警 ${fires}】未处理 · ${base}`;
  const timer = setInterval(() => {
    on = !on;
    document.title = on ? `【火警 ${fires}】未处理 · ${base}` : `🔥🔥🔥 ${base}`;
  }, 1000);
  return () => {
    clearInterval(timer);
    document.title = base;
  };
}
