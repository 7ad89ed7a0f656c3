// The "开启报警声音" control of the alarm screens (实时报警, 火警确认): browsers play no sound before the page was
// clicked once, so until then a banner says sound is off and offers the button; once on, the screen says so.
// The sound itself and whether it is on: lib/alarm-sound.ts.
import { useSyncExternalStore } from "react";
import { enableSound, onSoundChange, soundOn } from "../lib/alarm-sound.ts";

/** The button's words, for a screen's sentence that points to it. */
export const SOUND_BUTTON = "开启报警声音和桌面提醒";

/** Whether the page may make sound now (it follows the browser), and the click that turns it on. */
export function useAlarmSound(): { on: boolean; enable: () => void } {
  return { on: useSyncExternalStore(onSoundChange, soundOn, () => false), enable };
}
const enable = () => void enableSound();

/** Sound off: the banner with the button. Sound on: nothing (SoundState says it). */
export function SoundBanner(props: { on: boolean; enable: () => void }) {
  return (
    <div id="sound-banner" className="notice sound-banner" role="region" aria-label="报警声音" hidden={props.on}>
      <strong>报警声音未开启。</strong>浏览器要求先点一下，来了火警才能响铃、弹出桌面提醒。
      <button type="button" id="sound" className="btn primary" onClick={props.enable}>
        {SOUND_BUTTON}
      </button>
    </div>
  );
}

/** "报警声音已开启" while it is (the banner says when it is not). */
export function SoundState(props: { on: boolean }) {
  return props.on ? (
    <span id="sound-state" className="sound-on">
      报警声音已开启
    </span>
  ) : null;
}
