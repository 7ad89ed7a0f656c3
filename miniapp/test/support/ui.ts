import { expect } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { residentClient } from "@/services/client";
import type { AlarmSummary, HouseholdSummary } from "@/services/types";

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

export const ALARM: AlarmSummary = {
  id: "a1",
  kind: "FIRE",
  severity: "critical",
  status: "ACTIVE",
  startedAt: new Date(Date.now() - 3 * 60000).toISOString(),
  device: { id: "d1", name: "客厅烟感", room: "客厅" },
  householdId: "h1",
  address: "幸福小区 3号楼 1单元 1203",
};

export const HOME: HouseholdSummary = {
  id: "h1",
  address: "幸福小区 3号楼 1单元 1203",
  role: "OWNER",
  devices: [
    {
      id: "d1",
      name: "客厅烟感",
      room: "客厅",
      modelName: "AX-S1",
      state: "normal",
      online: true,
      battery: 85,
      rssi: -80,
      lastSeenAt: new Date().toISOString(),
    },
    {
      id: "d2",
      name: "厨房烟感",
      room: "厨房",
      modelName: "AX-S1",
      state: "low_battery",
      online: true,
      battery: 9,
      rssi: -104,
      lastSeenAt: new Date().toISOString(),
    },
  ],
};
