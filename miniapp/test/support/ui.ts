import { expect } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { residentClient } from "@/services/client";
import type { AlarmSummary, HouseholdSummary } from "@anxin/contract";
import { alarmSummary, deviceSummary, household } from "./fixtures";

/** Wait until Taro's H5 <Input> has rendered its inner <input> (before anything sets its value). */
export async function inputReady(testId: string): Promise<void> {
  const host = screen.getByTestId(testId);
  await waitFor(() => expect(host.querySelector("input")).toBeTruthy(), { timeout: 3000 });
}

/** Type into a Taro <Input> (rendered by Taro's H5 component as <taro-input-core><input>). */
export async function typeInto(testId: string, value: string): Promise<void> {
  const host = screen.getByTestId(testId);
  await waitFor(() => expect(host.querySelector("input")).toBeTruthy(), { timeout: 3000 });
  fireEvent.input(host.querySelector("input") as HTMLInputElement, { target: { value } });
}

/** Tap the button (or any element) showing exactly this text. */
export function tap(text: string | RegExp): void {
  fireEvent.click(screen.getByText(text));
}

export function signInResident(): void {
  residentClient.saveTokens({ accessToken: "A", refreshToken: "R", expiresIn: 900 });
}

export const ALARM: AlarmSummary = alarmSummary();

export const HOME: HouseholdSummary = household({
  devices: [
    deviceSummary(),
    deviceSummary({ id: "d2", name: "厨房烟感", room: "厨房", state: "low_battery", battery: 9, rssi: -104 }),
  ],
});
