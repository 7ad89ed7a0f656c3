import qrcode from "qrcode-generator";

/**
 * The ticket text as a QR image (a GIF data URL). qrcode-generator is pure JavaScript and needs no
 * canvas, so the same <Image src> works in WeChat and in H5. null if the text cannot be encoded.
 */
export function qrDataUrl(text: string, cellSize = 6, margin = 4): string | null {
  try {
    const qr = qrcode(0, "M");
    qr.addData(text, "Byte");
    qr.make();
    return qr.createDataURL(cellSize, margin);
  } catch {
    return null;
  }
}
