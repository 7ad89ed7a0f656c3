import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Button, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { useAction, type Action } from "@/hooks/useAction";
import { ApiError } from "@/services/errors";
import { applySemantics, installH5Accessibility } from "@/services/a11y";

/** A page with two controls and a message under each, plus the page's toast. */
function Page(props: { onAction: (a: Action) => void }) {
  const action = useAction();
  props.onAction(action);
  return (
    <View>
      <Message action={action} />
      <Button onClick={() => void action.run(() => Promise.resolve(), { at: "top", done: "上面好了" })}>上面</Button>
      <Message action={action} at="top" />
      <Button
        onClick={() =>
          void action.run(() => Promise.reject(new ApiError(409, "BIND_CODE_INVALID", "x")), { at: "bottom" })
        }
      >
        下面
      </Button>
      <Message action={action} at="bottom" />
    </View>
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("one message component: feedback where the eyes are", () => {
  it("says what happened under the control that was used, and nowhere else", async () => {
    let a!: Action;
    render(<Page onAction={(x) => (a = x)} />);
    fireEvent.click(screen.getByText("下面"));
    await waitFor(() =>
      expect(screen.getByTestId("msg-bottom").textContent).toBe("设备码不正确，请核对设备上的编号和设备码"),
    );
    expect(screen.getByTestId("msg-bottom").getAttribute("role")).toBe("alert");
    expect(screen.queryByTestId("msg-top")).toBeNull();
    expect(screen.queryByTestId("toast")).toBeNull();
    fireEvent.click(screen.getByText("上面"));
    await waitFor(() => expect(screen.getByTestId("msg-top").textContent).toBe("上面好了"));
    expect(screen.getByTestId("msg-top").getAttribute("role")).toBe("status");
    // a new outcome replaces the old one
    expect(screen.queryByTestId("msg-bottom")).toBeNull();
    expect(a.feedback?.tone).toBe("ok");
  });

  it("scrolls the message into view when it appears, each time (the same words twice too)", async () => {
    const scroll = vi.fn();
    Object.defineProperty(HTMLElement.prototype, "scrollIntoView", { value: scroll, configurable: true });
    let a!: Action;
    render(<Page onAction={(x) => (a = x)} />);
    act(() => a.say("请填写设备编号和设备码", { at: "bottom" }));
    await waitFor(() => expect(scroll).toHaveBeenCalledTimes(1));
    expect(scroll).toHaveBeenCalledWith({ block: "nearest", behavior: "smooth" });
    expect(scroll.mock.contexts[0]).toBe(screen.getByTestId("msg-bottom"));
    act(() => a.say("请填写设备编号和设备码", { at: "bottom" }));
    await waitFor(() => expect(scroll).toHaveBeenCalledTimes(2));
    delete (HTMLElement.prototype as { scrollIntoView?: unknown }).scrollIntoView;
  });

  it("shows a toast in view for what has no control; one that says it worked fades after 5 s, an error stays until tapped", async () => {
    vi.useFakeTimers();
    let a!: Action;
    render(<Page onAction={(x) => (a = x)} />);
    act(() => a.say("报警已结束（误报）。谢谢您！", { tone: "ok" }));
    expect(screen.getByTestId("toast").className).toContain("msg-toast");
    act(() => vi.advanceTimersByTime(5100));
    expect(screen.queryByTestId("toast")).toBeNull();
    act(() => a.say("网络连接失败，请检查网络后再试"));
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId("toast").textContent).toContain("点一下关闭");
    fireEvent.click(screen.getByTestId("toast"));
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("runs one action at a time: a second tap while busy does nothing", async () => {
    let a!: Action;
    render(<Page onAction={(x) => (a = x)} />);
    let release!: () => void;
    const slow = vi.fn(() => new Promise<void>((r) => (release = r)));
    let first!: Promise<boolean>;
    act(() => {
      first = a.run(slow, { at: "top", done: "好了" });
    });
    expect(a.busy).toBe(true);
    expect(a.busyAt).toBe("top");
    let second!: Promise<boolean>;
    act(() => {
      second = a.run(slow, { at: "top" });
    });
    expect(await second).toBe(false);
    await act(async () => release());
    expect(await first).toBe(true);
    expect(slow).toHaveBeenCalledTimes(1);
    expect(a.busy).toBe(false);
  });

  it("lets a page word a failure itself, or say nothing when it has handled it", async () => {
    let a!: Action;
    render(<Page onAction={(x) => (a = x)} />);
    await act(() => a.run(() => Promise.reject(new Error("boom")), { at: "top", error: () => "没有保存：网络不好" }));
    expect(screen.getByTestId("msg-top").textContent).toBe("没有保存：网络不好");
    await act(() => a.run(() => Promise.reject(new Error("boom")), { at: "top", error: () => null }));
    expect(screen.queryByTestId("msg-top")).toBeNull();
  });
});

describe("the browser build's controls are reachable by keyboard and named for screen readers", () => {
  it("makes Taro's buttons and our chips focusable buttons, clickable with Enter and Space, and not when disabled", () => {
    document.body.innerHTML = `
      <div class="taro_page"><taro-button-core id="b1">好</taro-button-core>
      <taro-button-core id="b2" disabled="">不行</taro-button-core>
      <div id="c1" role="radio" aria-checked="false">客厅</div></div>
      <div class="weui-tabbar"><a>首页</a></div>`;
    const stop = installH5Accessibility(document);
    const b1 = document.getElementById("b1")!;
    expect(b1.getAttribute("role")).toBe("button");
    expect(b1.getAttribute("tabindex")).toBe("0");
    expect(b1.getAttribute("aria-disabled")).toBe("false");
    expect(document.getElementById("b2")!.getAttribute("tabindex")).toBe("-1");
    expect(document.getElementById("b2")!.getAttribute("aria-disabled")).toBe("true");
    expect(document.getElementById("c1")!.getAttribute("tabindex")).toBe("0");
    expect(document.querySelector(".weui-tabbar")!.getAttribute("role")).toBe("navigation");
    expect(document.querySelector(".taro_page")!.getAttribute("tabindex")).toBe("0");
    const clicked = vi.fn();
    b1.addEventListener("click", clicked);
    b1.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    b1.dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
    expect(clicked).toHaveBeenCalledTimes(2);
    const disabledClick = vi.fn();
    document.getElementById("b2")!.addEventListener("click", disabledClick);
    document.getElementById("b2")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(disabledClick).not.toHaveBeenCalled();
    stop();
    document.body.innerHTML = "";
  });

  it("follows a button that becomes disabled", async () => {
    document.body.innerHTML = `<taro-button-core id="b">好</taro-button-core>`;
    const stop = installH5Accessibility(document);
    const b = document.getElementById("b")!;
    b.setAttribute("disabled", "");
    await waitFor(() => expect(b.getAttribute("aria-disabled")).toBe("true"));
    applySemantics(document);
    expect(b.getAttribute("tabindex")).toBe("-1");
    stop();
    document.body.innerHTML = "";
  });
});
