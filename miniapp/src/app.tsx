import { useEffect, type PropsWithChildren } from "react";
import { useDidHide, useDidShow, useLaunch } from "@tarojs/taro";
import { alarmWatcher, restoreSession } from "@/services/session";
import { residentClient } from "@/services/client";
import { isH5 } from "@/services/platform";
import "./app.css";

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void restoreSession().then((ok) => {
      if (ok) alarmWatcher.start();
    });
  });

  // Poll for open alarms (every 1.5 s, see ALARM_POLL_MS) while the app is in front.
  useDidShow(() => {
    if (residentClient.isSignedIn()) alarmWatcher.start();
  });
  useDidHide(() => alarmWatcher.stop());

  useEffect(() => {
    if (!isH5 || typeof document === "undefined") return undefined;
    const onVisibility = () => {
      if (document.visibilityState === "hidden") alarmWatcher.stop();
      else if (residentClient.isSignedIn()) alarmWatcher.start();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  return children;
}

export default App;
