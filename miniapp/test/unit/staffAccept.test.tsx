// 设置密码 (issue 14): an invited staff member types the code and a password of their own; the page checks
// the two passwords agree before asking, shows the server's refusal in plain words, and offers the sign-in.
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import AcceptInvitePage from "@/packages/staff/pages/accept/index";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { tap, typeInto } from "../support/ui";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("accepting a staff invitation", () => {
  it("sets the password with the code, then offers the sign-in", async () => {
    const api = installFakeApi({
      "POST /api/auth/staff/accept-invite": () => ok({ username: "yy_zhiban3", role: "CONTROL_ROOM_OPERATOR" }),
    });
    render(<AcceptInvitePage />);
    await typeInto("input-invite-code", "8VEC-J49U-CY8J-ZHJK");
    await typeInto("input-new-password", "夜班值守-Safe-2026");
    await typeInto("input-new-password-again", "夜班值守-Safe-2026");
    tap("保存密码");
    await waitFor(() => expect(screen.getByText(/密码已设置/)).toBeTruthy());
    expect(screen.getByText(/yy_zhiban3/)).toBeTruthy();
    expect(screen.getByText("去登录")).toBeTruthy();
    const [call] = api.callsTo("POST", "/api/auth/staff/accept-invite");
    expect(call?.body).toEqual({ code: "8VEC-J49U-CY8J-ZHJK", password: "夜班值守-Safe-2026" });
  });

  it("asks nothing while the two passwords differ, and says why a code is refused", async () => {
    const api = installFakeApi({
      "POST /api/auth/staff/accept-invite": () => fail(400, "INVITE_INVALID", "邀请码无效或已过期"),
    });
    render(<AcceptInvitePage />);
    await typeInto("input-invite-code", "WRONG-CODE");
    await typeInto("input-new-password", "夜班值守-Safe-2026");
    await typeInto("input-new-password-again", "夜班值守-Safe-2027");
    tap("保存密码");
    await waitFor(() => expect(screen.getByText("两次输入的密码不一样")).toBeTruthy());
    expect(api.callsTo("POST", "/api/auth/staff/accept-invite")).toHaveLength(0);
    await typeInto("input-new-password-again", "夜班值守-Safe-2026");
    tap("保存密码");
    await waitFor(() => expect(screen.getByText(/邀请码无效或已过期/)).toBeTruthy());
    expect(screen.queryByText("去登录")).toBeNull();
  });
});
