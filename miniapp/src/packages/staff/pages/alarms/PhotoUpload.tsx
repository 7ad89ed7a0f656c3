import { useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import { staffApi } from "@/services/client";
import { ApiError, errorText } from "@/services/errors";
import { pickPhoto } from "../../lib/photo";

/** 拍照上传: a photo of what was found on site, kept with the alarm (the API strips location and EXIF). */
export function PhotoUpload(props: { alarmId: string }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState("");
  const [error, setError] = useState("");

  async function upload() {
    if (busy) return;
    setError("");
    setResult("");
    try {
      const photo = await pickPhoto();
      if (!photo) return;
      setBusy(true);
      await staffApi.uploadAlarmPhoto(props.alarmId, photo);
      const all = await staffApi.alarmPhotos(props.alarmId);
      setResult(`照片已上传，这条报警共有 ${all.items.length} 张照片`);
    } catch (err) {
      // our own sentences (too large) as they are; API and network errors in plain words
      setError(
        !(err instanceof ApiError) && err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)
          ? err.message
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <View data-testid={`photo-${props.alarmId}`}>
      <Button className="btn" disabled={busy || undefined} onClick={() => void upload()}>
        {busy ? "正在上传…" : "拍照上传现场"}
      </Button>
      {result && <Text className="notice">{result}</Text>}
      {error && <Text className="error">{error}</Text>}
    </View>
  );
}
