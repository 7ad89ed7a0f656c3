import { useCallback, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { StatusBadge } from "@/components/StatusBadge";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import { ROOMS, batteryLabel, deviceLabel, formatTime, signalLabel, timeAgo } from "@/services/format";
import { ROUTES, requireSignIn } from "@/services/session";
import type { DeviceDetail, DeviceEvent, UnbindResponse } from "@/services/types";
import { Handover } from "./Handover";

const EVENT_TEXT: Record<string, string> = {
  smoke: "烟雾报警",
  alarm: "报警",
  alarm_cleared: "报警解除",
  heartbeat: "定时联系",
  low_battery: "电量低",
  tamper: "被拆动",
  fault: "故障",
  offline: "离线",
  online: "恢复在线",
  self_test: "自检",
  mute: "消音",
  bound: "绑定",
  clear: "报警解除",
  status: "定时联系",
  test: "测试",
  muted: "消音",
  handover: "移交",
  unbind: "解绑",
  // the device protocol's own types (docs/device-protocol.md)
  smoke_alarm: "烟雾报警",
  smoke_clear: "烟雾消散",
  test_alarm: "测试报警",
  battery_ok: "已换电池",
  tamper_restored: "已装回",
  fault_cleared: "故障已消除",
  command_ack: "执行了远程指令",
};

function eventText(e: DeviceEvent): string {
  const what = EVENT_TEXT[e.type.toLowerCase()] ?? e.type;
  return e.note ? `${what}：${e.note}` : what;
}

/** 设备详情: state, battery, signal, history; test, rename, hand over to family, unbind. */
export default function DevicePage() {
  const id = useRouter().params?.id ?? "";
  const [data, setData] = useState<DeviceDetail | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [editing, setEditing] = useState(false);
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const [confirmUnbind, setConfirmUnbind] = useState(false);
  const [unbound, setUnbound] = useState<UnbindResponse | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!id) return;
    try {
      const d = await api.device(id);
      setData(d);
      setError("");
    } catch (err) {
      setError(errorText(err));
    }
  }, [id]);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });

  async function run(fn: () => Promise<unknown>, done: string) {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      await fn();
      setNotice(done);
      await load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  // Unbinding ends this page's device for the resident (it answers 404 from now on), so it is not reloaded:
  // the page shows the new binding code instead, since the code on the device's label no longer works.
  async function unbind() {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      setUnbound(await api.unbindDevice(id));
      setConfirmUnbind(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (unbound) {
    return (
      <Screen>
        <Text className="title">已解绑</Text>
        <View className="card card-ok" data-testid="unbound">
          <Text className="txt-lg block mb">这个报警器响了不会再通知您和家人。</Text>
          <Text className="txt-lg block">{`设备编号：${data?.serial ?? unbound.id}`}</Text>
          <Text className="txt-lg block">新的绑定码：</Text>
          <Text className="txt-xl bold block center mb" data-testid="new-bind-code">
            {unbound.bindCode}
          </Text>
          <Text className="txt block">
            报警器上原来的二维码已经不能用了。把报警器交给别人时，请把设备编号和这个绑定码一起告诉对方。
          </Text>
        </View>
        <Button className="btn btn-primary" onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
          回到首页
        </Button>
      </Screen>
    );
  }

  if (!data) {
    return (
      <Screen>{error ? <Text className="error">{error}</Text> : <Text className="txt muted">正在加载…</Text>}</Screen>
    );
  }

  const d = data;
  const st = d.status;
  return (
    <Screen>
      <View className="row between">
        <Text className="title">{deviceLabel(d)}</Text>
        <StatusBadge state={d.state} />
      </View>
      <View className="card">
        <Text className="txt-lg block">{`电量：${batteryLabel(st?.battery)}`}</Text>
        <Text className="txt-lg block">{`信号：${signalLabel(st?.rssi)}`}</Text>
        <Text className="txt-lg block">{`上次联系：${formatTime(st?.lastSeenAt)}（${timeAgo(st?.lastSeenAt)}）`}</Text>
        <Text className="txt muted block">{`型号：${d.model.name}　编号：${d.serial}`}</Text>
      </View>

      {notice && <Text className="notice">{notice}</Text>}
      {error && <Text className="error">{error}</Text>}

      {d.model.supportsSelfTest && (
        <Button
          className="btn btn-primary"
          disabled={busy || undefined}
          onClick={() => run(() => api.deviceCommand(id, "self_test"), "已让报警器自检，它会响几声。")}
        >
          让报警器自检
        </Button>
      )}

      <Handover
        device={d}
        onChanged={(next, text) => {
          setData(next);
          setError("");
          setNotice(text);
        }}
      />

      <Text className="section">记录</Text>
      {data.events.length === 0 && <Text className="txt muted block">还没有记录</Text>}
      {data.events.map((e) => (
        <View key={e.id} className="list-item row between">
          <Text className="txt">{eventText(e)}</Text>
          <Text className="txt muted">{formatTime(e.ts)}</Text>
        </View>
      ))}

      <Text className="section">设置</Text>
      {editing ? (
        <View className="card">
          <Text className="label">房间</Text>
          <View className="chips">
            {ROOMS.map((r) => (
              <Text key={r} className={`chip ${room === r ? "chip-on" : ""}`} onClick={() => setRoom(r)}>
                {r}
              </Text>
            ))}
          </View>
          <Text className="label">名称</Text>
          <Input className="input" value={name} onInput={(e) => setName(e.detail.value)} />
          <Button
            className="btn btn-primary"
            disabled={busy || undefined}
            onClick={() =>
              run(async () => {
                await api.updateDevice(id, { room: room || undefined, name: name.trim() || d.name || undefined });
                setEditing(false);
              }, "已保存")
            }
          >
            保存
          </Button>
          <Button className="btn" onClick={() => setEditing(false)}>
            取消
          </Button>
        </View>
      ) : (
        <Button
          className="btn"
          onClick={() => {
            setRoom(d.room ?? "");
            setName(d.name ?? "");
            setEditing(true);
          }}
        >
          改房间或名称
        </Button>
      )}

      {confirmUnbind ? (
        <View className="card card-danger">
          <Text className="txt-lg bold block mb">解绑后，这个报警器响了不会再通知您和家人。确定解绑吗？</Text>
          <Button className="btn btn-danger" disabled={busy || undefined} onClick={() => void unbind()}>
            确定解绑
          </Button>
          <Button className="btn" onClick={() => setConfirmUnbind(false)}>
            不解绑
          </Button>
        </View>
      ) : (
        <Button className="btn" onClick={() => setConfirmUnbind(true)}>
          解绑这个报警器
        </Button>
      )}
    </Screen>
  );
}
