// The site's mark: a white flame in a shield on brigade red. An SVG string, turned into PNG for the
// favicon and for the WeChat link preview image (WeChat does not show SVG previews).
export function markSvg(size: number, opts: { wide?: boolean } = {}): string {
  const w = opts.wide ? Math.round(size * 1.905) : size; // 1200x630 for Open Graph
  const cx = w / 2;
  const s = size / 100;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${size}" viewBox="0 0 ${w} ${size}">
<rect width="${w}" height="${size}" fill="#a4161a"/>
<g transform="translate(${cx - 50 * s * 0.8} ${size * 0.1}) scale(${s * 0.8})">
<path d="M50 2 L92 18 V50 C92 76 72 92 50 100 C28 92 8 76 8 50 V18 Z" fill="#7f1115" stroke="#fff" stroke-width="4"/>
<path d="M50 22 C58 36 70 44 68 62 C66 76 56 84 50 84 C40 84 32 76 32 64 C32 54 38 48 42 40 C44 50 48 54 52 54 C54 44 48 32 50 22 Z" fill="#fff"/>
</g></svg>`;
}
