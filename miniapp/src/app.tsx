import { useEffect, type PropsWithChildren } from "react";
import { useDidHide, useDidShow, useLaunch } from "@tarojs/taro";
import { alarmWatcher, restoreSession } from "@/services/session";
import { residentClient } from "@/services/client";
import { installH5Accessibility } from "@/services/a11y";
import { isH5 } from "@/services/platform";
import { useAppState } from "@/services/store";
import "./app.css";

function App({ children }: PropsWithChildren) {
  const elder = useAppState((s) => s.elderlyMode);

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
    const stopA11y = installH5Accessibility(document);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      stopA11y();
    };
  }, []);

  // Elderly mode outside the pages too: the browser's tab bar grows with it (WeChat's native tab bar has a
  // fixed size that no mini-program can change).
  useEffect(() => {
    if (!isH5 || typeof document === "undefined") return;
    document.body.classList.toggle("elder-mode", elder);
  }, [elder]);

  return children;
}

export default App;
