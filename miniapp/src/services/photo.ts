// Taking or picking one photo for an upload (staff pages and residents' 隐患随手拍).
import Taro from "@tarojs/taro";
import { isWeapp } from "@/services/platform";

/** The API's limit for one photo (api: MAX_PHOTO_BYTES). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

export interface PickedPhoto {
  bytes: ArrayBuffer;
  /** image/jpeg, image/png or image/webp */
  type: string;
}

function typeOf(path: string, fallback = "image/jpeg"): string {
  const ext = /\.(\w+)(?:\?.*)?$/.exec(path)?.[1]?.toLowerCase();
  if (ext === "png") return "image/png";
  if (ext === "webp") return "image/webp";
  if (ext === "jpg" || ext === "jpeg") return "image/jpeg";
  return fallback;
}

/** WeChat: read the temporary file; H5: the chosen file is a blob: URL the page can fetch. */
async function readBytes(path: string): Promise<PickedPhoto> {
  if (isWeapp) {
    const bytes = await new Promise<ArrayBuffer>((resolve, reject) =>
      Taro.getFileSystemManager().readFile({
        filePath: path,
        success: (r) => resolve(r.data as ArrayBuffer),
        fail: (e) => reject(new Error(e.errMsg)),
      }),
    );
    return { bytes, type: typeOf(path) };
  }
  const blob = await (await fetch(path)).blob();
  return { bytes: await blob.arrayBuffer(), type: blob.type.startsWith("image/") ? blob.type : typeOf(path) };
}

/**
 * Takes a photo or picks one from the album (Taro.chooseMedia; on H5 Taro's file input). null when the
 * person cancelled. Throws with a sentence to show when the photo is too large.
 */
export async function pickPhoto(): Promise<PickedPhoto | null> {
  let chosen: Taro.chooseMedia.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMedia({
      count: 1,
      mediaType: ["image"],
      sourceType: ["camera", "album"],
      sizeType: ["compressed"],
    });
  } catch (err) {
    if (/cancel|abort/i.test(String((err as { errMsg?: string })?.errMsg ?? err))) return null;
    throw err;
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  if (file.size > MAX_PHOTO_BYTES) throw new Error("照片太大了（不能超过 8 MB），请重新拍一张");
  const photo = await readBytes(file.tempFilePath);
  if (photo.bytes.byteLength > MAX_PHOTO_BYTES) throw new Error("照片太大了（不能超过 8 MB），请重新拍一张");
  return photo;
}
