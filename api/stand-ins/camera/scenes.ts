// Generated scenes for the camera stand-in, the detector tests and the bench: a dim room seen by a fixed
// camera, with (flame) a fire on the floor that moves, grows and flickers, (smoke) a grey plume that rises
// and spreads, or (plain) a steady warm lamp and a person walking past, which must not raise anything.
// Deterministic for a given seed, so a failing test can be replayed.
import { frameBytes } from "../../src/modules/cameras/frame.ts";

export const SCENES = ["flame", "smoke", "plain"] as const;
export type SceneName = (typeof SCENES)[number];

export interface SceneSize {
  width: number;
  height: number;
}

/** Renders frame `index` of a clip of `total` frames as packed RGB. */
export type Scene = (index: number, total: number) => Uint8Array;

/** A small fast PRNG (mulberry32) so scenes repeat exactly for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function room({ width, height }: SceneSize, seed: number): Uint8Array {
  const rnd = prng(seed);
  const out = new Uint8Array(frameBytes(width, height));
  const floor = Math.round(height * 0.8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const texture = (rnd() - 0.5) * 12;
      const wall = y < floor;
      const shade = wall ? 78 - (y / floor) * 20 : 42;
      out[i] = clamp(shade + texture);
      out[i + 1] = clamp(shade + 4 + texture);
      out[i + 2] = clamp(shade + 12 + texture);
    }
  }
  return out;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function withNoise(base: Uint8Array, rnd: () => number): Uint8Array {
  const out = new Uint8Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = clamp(base[i]! + (rnd() - 0.5) * 6);
  return out;
}

function put(img: Uint8Array, width: number, x: number, y: number, r: number, g: number, b: number, a = 1): void {
  const i = (y * width + x) * 3;
  img[i] = clamp(img[i]! * (1 - a) + r * a);
  img[i + 1] = clamp(img[i + 1]! * (1 - a) + g * a);
  img[i + 2] = clamp(img[i + 2]! * (1 - a) + b * a);
}

/** A flame on the floor: drifts right, doubles in height, and its tongues change every frame. */
function flame(size: SceneSize, seed: number): Scene {
  const base = room(size, seed);
  const { width, height } = size;
  return (index, total) => {
    const rnd = prng(seed * 7919 + index);
    const img = withNoise(base, rnd);
    const p = total > 1 ? index / (total - 1) : 0;
    const cx = width * (0.3 + 0.25 * p);
    const baseY = height * 0.82;
    const h = height * (0.14 + 0.14 * p) * (0.8 + 0.35 * rnd());
    const w = h * 0.7;
    const phase = rnd() * Math.PI * 2;
    const wobble = 0.2 + 0.3 * rnd();
    const glow = 0.85 + 0.15 * rnd();
    for (let y = Math.max(0, Math.floor(baseY - h)); y < Math.min(height, Math.ceil(baseY)); y++) {
      const v = (baseY - y) / h;
      if (v <= 0 || v >= 1) continue;
      const r = Math.pow(1 - v, 0.6) * (1 + wobble * Math.sin(v * 9 + phase));
      const shift = Math.sin(v * 5 + phase * 1.7) * v * 0.35;
      for (let x = Math.max(0, Math.floor(cx - w)); x < Math.min(width, Math.ceil(cx + w)); x++) {
        const u = (x - cx) / (w / 2) - shift;
        if (Math.abs(u) >= r) continue;
        const heat = (1 - Math.abs(u) / r) * (1 - v * 0.6) * glow;
        if (heat > 0.55) put(img, width, x, y, 255, 235, 150);
        else if (heat > 0.25) put(img, width, x, y, 255, 120 + heat * 120, 30);
        else put(img, width, x, y, 235, 75 + heat * 80, 20);
      }
    }
    return img;
  };
}

/** A grey plume from a smouldering point: its top rises and it widens as it goes. */
function smoke(size: SceneSize, seed: number): Scene {
  const base = room(size, seed);
  const { width, height } = size;
  return (index, total) => {
    const rnd = prng(seed * 104729 + index);
    const img = withNoise(base, rnd);
    const p = total > 1 ? index / (total - 1) : 0;
    const cx = width * 0.5;
    const baseY = height * 0.8;
    const top = baseY - height * (0.15 + 0.5 * p);
    for (let y = Math.max(0, Math.floor(top)); y < Math.ceil(baseY); y++) {
      const rise = (baseY - y) / (baseY - top);
      const half = width * (0.02 + 0.12 * rise * (0.4 + 0.6 * p));
      const drift = Math.sin(rise * 4 + index * 0.7) * half * 0.3;
      for (let x = Math.max(0, Math.floor(cx - half + drift)); x < Math.min(width, Math.ceil(cx + half + drift)); x++) {
        const edge = 1 - Math.abs(x - cx - drift) / half;
        const a = Math.min(0.75, edge * 1.2) * (1 - rise * 0.3);
        const grey = 165 + (rnd() - 0.5) * 10;
        put(img, width, x, y, grey, grey, grey, a);
      }
    }
    return img;
  };
}

/** A warm lamp that never changes and a dark-clothed person crossing the room: nothing to report. */
function plain(size: SceneSize, seed: number): Scene {
  const base = room(size, seed);
  const { width, height } = size;
  const lamp = { x: width * 0.75, y: height * 0.3, r: height * 0.06 };
  for (let y = Math.floor(lamp.y - lamp.r); y < lamp.y + lamp.r; y++)
    for (let x = Math.floor(lamp.x - lamp.r); x < lamp.x + lamp.r; x++)
      if ((x - lamp.x) ** 2 + (y - lamp.y) ** 2 < lamp.r ** 2) put(base, width, x, y, 255, 190, 90);
  return (index, total) => {
    const rnd = prng(seed * 15485863 + index);
    const img = withNoise(base, rnd);
    const p = total > 1 ? index / (total - 1) : 0;
    const px = Math.floor(width * (0.1 + 0.6 * p));
    const pw = Math.floor(width * 0.06);
    for (let y = Math.floor(height * 0.4); y < Math.floor(height * 0.82); y++)
      for (let x = px; x < Math.min(width, px + pw); x++) put(img, width, x, y, 35, 45, 90);
    return img;
  };
}

export function createScene(name: SceneName, size: SceneSize, seed = 1): Scene {
  switch (name) {
    case "flame":
      return flame(size, seed);
    case "smoke":
      return smoke(size, seed);
    case "plain":
      return plain(size, seed);
  }
}
