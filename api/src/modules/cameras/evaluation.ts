// Measuring a detector on a county's own labelled clips (issue 23: no labelled fire video is at hand
// here, so no detection rate is claimed; this is how one is measured). Labels per clip (docs/cameras.md):
// a sidecar `<clip>.json` {"camera": "...", "fire": [[startSec, endSec], ...]}, or by name: `fire_*`
// holds fire from start to end, `nofire_*` none.

export interface ClipLabels {
  /** the camera the clip comes from (false alarms are counted per camera-day) */
  camera: string;
  /** seconds from the clip's start during which fire or smoke is visible */
  fire: [number, number][];
}

/** A suspected-fire event the pipeline raised, at this second of the clip. */
export interface ClipResult {
  clip: string;
  labels: ClipLabels;
  durationSec: number;
  eventsAtSec: number[];
}

export interface EvaluationSummary {
  clips: number;
  cameras: number;
  /** hours of video analysed */
  hours: number;
  /** labelled fire episodes, and how many got an event */
  fires: number;
  firesFound: number;
  events: number;
  trueEvents: number;
  falseEvents: number;
  /** true events / events (NaN without events) */
  precision: number;
  /** fires found / fires (NaN without labelled fires) */
  recall: number;
  /** false events per camera per 24 h of fire-free video */
  falseAlarmsPerCameraDay: number;
  /** median seconds from a fire's start to its first event */
  medianSecondsToDetect: number;
}

const MAX_INTERVALS = 1000;

/** Labels from a sidecar JSON text; throws a clear error on anything malformed. */
export function parseLabels(text: string, fallbackCamera: string): ClipLabels {
  if (text.length > 100_000) throw new Error("label file larger than 100 KB");
  const raw = JSON.parse(text) as unknown;
  if (typeof raw !== "object" || raw === null) throw new Error("labels must be a JSON object");
  const o = raw as { camera?: unknown; fire?: unknown };
  const camera = o.camera === undefined ? fallbackCamera : o.camera;
  if (typeof camera !== "string" || camera.length === 0 || camera.length > 100)
    throw new Error("camera must be 1-100 characters");
  if (!Array.isArray(o.fire) || o.fire.length > MAX_INTERVALS)
    throw new Error(`fire must be a list of at most ${MAX_INTERVALS} [start, end] pairs`);
  const fire = o.fire.map((p: unknown) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0))
      throw new Error("each fire interval must be [startSec, endSec] with seconds >= 0");
    if (p[1] < p[0]) throw new Error(`fire interval [${p[0]}, ${p[1]}] ends before it starts`);
    return [p[0], p[1]] as [number, number];
  });
  return { camera, fire };
}

/** Labels from the file name alone, or null when the name says nothing. */
export function labelsFromName(fileName: string, camera: string, durationSec: number): ClipLabels | null {
  const base = fileName.toLowerCase();
  if (base.startsWith("nofire_")) return { camera, fire: [] };
  if (base.startsWith("fire_")) return { camera, fire: [[0, durationSec]] };
  return null;
}

/**
 * Scores clips. An event counts as true when it falls inside a fire interval or up to `graceSec` after it
 * ends (the detector sees the fire a moment late); otherwise it is a false alarm. A fire is found when at
 * least one true event falls in its interval (plus grace).
 */
export function summarise(results: readonly ClipResult[], graceSec = 10): EvaluationSummary {
  let fires = 0, firesFound = 0, events = 0, trueEvents = 0, seconds = 0, fireFreeSec = 0; // prettier-ignore
  const delays: number[] = [];
  const cameras = new Set<string>();
  for (const r of results) {
    cameras.add(r.labels.camera);
    seconds += r.durationSec;
    const intervals = r.labels.fire;
    const covered = intervals.reduce((s, [a, b]) => s + Math.max(0, Math.min(b, r.durationSec) - a), 0);
    fireFreeSec += Math.max(0, r.durationSec - covered);
    events += r.eventsAtSec.length;
    const inside = (t: number, [a, b]: [number, number]) => t >= a && t <= b + graceSec;
    trueEvents += r.eventsAtSec.filter((t) => intervals.some((iv) => inside(t, iv))).length;
    for (const iv of intervals) {
      fires++;
      const first = r.eventsAtSec.filter((t) => inside(t, iv)).sort((x, y) => x - y)[0];
      if (first !== undefined) {
        firesFound++;
        delays.push(first - iv[0]);
      }
    }
  }
  const falseEvents = events - trueEvents;
  const cameraDays = fireFreeSec / 86_400;
  delays.sort((a, b) => a - b);
  return {
    clips: results.length,
    cameras: cameras.size,
    hours: round(seconds / 3600),
    fires,
    firesFound,
    events,
    trueEvents,
    falseEvents,
    precision: events ? round(trueEvents / events) : NaN,
    recall: fires ? round(firesFound / fires) : NaN,
    falseAlarmsPerCameraDay: cameraDays > 0 ? round(falseEvents / cameraDays) : NaN,
    medianSecondsToDetect: delays.length ? round(delays[Math.floor((delays.length - 1) / 2)]!) : NaN,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
