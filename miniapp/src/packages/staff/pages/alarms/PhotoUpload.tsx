import { Button, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { ApiError, errorText } from "@/services/errors";
import { pickPhoto } from "../../lib/photo";

/** 拍照上传: a photo of what was found on site, kept with the alarm (the API strips location and EXIF). */
export function PhotoUpload(props: { alarmId: string }) {
  const action = useAction();

  const upload = () =>
    action.run(
      async () => {
        const photo = await pickPhoto();
        if (!photo) return undefined;
        await staffApi.uploadAlarmPhoto(props.alarmId, photo);
        return (await staffApi.alarmPhotos(props.alarmId)).items.length;
      },
      {
        at: "photo",
        done: (count) => (count === undefined ? undefined : `照片已上传，这条报警共有 ${count} 张照片`),
        // our own sentences (too large) as they are; API and network errors in plain words
        error: (err) =>
          !(err instanceof ApiError) && err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)
            ? err.message
            : errorText(err),
      },
    );

  return (
    <View data-testid={`photo-${props.alarmId}`}>
      <Button className="btn" disabled={action.busy || undefined} onClick={() => void upload()}>
        {action.busy ? "正在上传…" : "拍照上传现场"}
      </Button>
      <Message action={action} at="photo" />
    </View>
  );
}
