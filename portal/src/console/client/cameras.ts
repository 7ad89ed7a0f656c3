// The command view's 现场视频 panel (issue 23; the view stays server-rendered for the wall display): a camera
// box marked data-autolive plays at once (client/live-view.ts), and leaving the page gives the lease back.
// The camera register and its pages are screens of the React app (app/screens/Cameras.tsx, Camera.tsx).
import { watchCamera, type LiveView } from "./live-view.ts";

const views: LiveView[] = [];
for (const box of document.querySelectorAll<HTMLElement>("[data-live-box][data-autolive]")) {
  const video = box.querySelector("video");
  const state = box.querySelector<HTMLElement>(".live-state");
  if (video && box.dataset.liveBox)
    views.push(
      watchCamera(box.dataset.liveBox, video, (text) => {
        if (state) state.textContent = text;
      }),
    );
}

// leaving the page gives the leases back at once (the server would end them when they expire anyway)
window.addEventListener("pagehide", () => views.forEach((v) => v.release()));
