import { ROOMS } from "@/services/format";
import { Choices } from "./Choices";

/** Which room a device is in: the same large chips wherever a room is chosen (bind, device page, install). */
export function RoomPicker(props: { value: string; onChange: (room: string) => void; label?: string }) {
  return (
    <Choices
      label={props.label ?? "哪个房间"}
      options={ROOMS.map((r) => ({ value: r, text: r }))}
      value={props.value}
      onChange={props.onChange}
      testId="room-picker"
    />
  );
}

/** The name a device gets from its room when the resident types none: "厨房烟感". */
export function roomDeviceName(room: string): string {
  return `${room}烟感`;
}

/** True when `name` is empty or still the one a room gave it (so choosing another room may replace it). */
export function isRoomDefaultName(name: string): boolean {
  return !name || ROOMS.some((r) => name === roomDeviceName(r));
}
