// Per-pixel colour rules of the classic detector.
//
// Flame: the RGB rule of Chen, Wu and Chiou, "An early fire-detection method based on image processing"
// (ICIP 2004): a fire pixel is red-dominant, R > R_T and R >= G > B, and saturated enough for its
// redness, S >= (255 - R) * S_T / R_T. Their thresholds: R_T 115-135, S_T 55-65 (saturation on 0-255).
//
// Smoke: smoke is grey (R, G and B close together, Chen et al. use |max - min| of about 15-20 for light
// grey) and of middling brightness; on its own that matches every grey wall, so smoke pixels must also
// differ from the camera's background (see classic-detector.ts).

export const FLAME_RULE = { redMin: 125, saturationAtRedMin: 60 } as const;

/** Whether a pixel has the colour of flame. */
export function isFlameColour(r: number, g: number, b: number): boolean {
  if (r <= FLAME_RULE.redMin || r < g || g <= b) return false;
  // saturation as in HSV, scaled to 0-255: 255 * (1 - min / max); here max is R and min is B
  const saturation = 255 - (255 * b) / r;
  return saturation >= ((255 - r) * FLAME_RULE.saturationAtRedMin) / FLAME_RULE.redMin;
}

export const SMOKE_RULE = { greyRange: 28, lumaMin: 80, lumaMax: 235 } as const;

/** Whether a pixel is grey and neither dark nor blown out: what smoke looks like. */
export function isSmokeColour(r: number, g: number, b: number, luma: number): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  return max - min <= SMOKE_RULE.greyRange && luma >= SMOKE_RULE.lumaMin && luma <= SMOKE_RULE.lumaMax;
}

/** Luma from R'G'B' with the BT.601 weights. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
