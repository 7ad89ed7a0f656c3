import { useCallback, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message, Reveal } from "@/components/Message";
import { RoomPicker } from "@/components/RoomPicker";
import { Screen } from "@/components/Screen";
import { StatusBadge } from "@/components/StatusBadge";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { batteryLabel, commandSaid, deviceLabel, signalLabel } from "@/services/format";
import { deviceHealth, lastContact, supplyWords } from "@/services/health";
import { historyRows } from "@/services/history";
import { ROUTES, requireSignIn } from "@/services/session";
import type { DeviceDetail, UnbindResponse } from "@anxin/contract";
import { RecentCommands } from "./Commands";
import { Handover } from "./Handover";

/** 设备详情: what is true about it now, its history; test, rename, hand over to family, unbind. */
export default function DevicePage() {
  const id = useRouter().params?.id ?? "";
  const [data, setData] = useState<DeviceDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const [confirmUnbind, setConfirmUnbind] = useState(false);
  const [unbound, setUnbound] = useState<UnbindResponse | null>(null);
  const action = useAction();
  const { fail } = action;

  const load = useCallback(async () => {
    if (!id) return;
    try {
      setData(await api.device(id));
    } catch (err) {
      fail(err, "page");
    }
  }, [id, fail]);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });

  // Unbinding ends this page's device for the resident (it answers 404 from now on), so it is not reloaded:
  // the page shows the new binding code instead, since the code on the device's label no longer works.
  const unbind = () =>
    action.run(
      async () => {
        setUnbound(await api.unbindDevice(id));
        setConfirmUnbind(false);
      },
      { at: "unbind" },
    );

  if (unbound) {
    return (
      <Screen back>
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
      <Screen back>
        <Message action={action} at="page" />
        {!action.feedback && <Text className="txt muted">正在加载…</Text>}
      </Screen>
    );
  }

  const d = data;
  const st = d.status;
  const health = deviceHealth({ state: d.state, lastSeenAt: st?.lastSeenAt ?? null, model: d.model });
  const supply = supplyWords({ model: d.model });
  return (
    <Screen back>
      <View className="row between">
        <Text className="title">{deviceLabel(d)}</Text>
        <StatusBadge health={health} />
      </View>
      <Message action={action} at="page" />
      <View className={`card ${health.protects ? "" : "card-danger"}`} data-testid="device-status">
        <Text className="txt-lg bold block">{health.detail}</Text>
        {st?.lastSeenAt && (
          <View>
            <Text className="txt-lg block">{`电量：${batteryLabel(st.battery)}`}</Text>
            <Text className="txt-lg block">{`信号：${signalLabel(st.rssi)}`}</Text>
          </View>
        )}
        <Text className="txt-lg block" data-testid="last-contact">{`上次联系：${lastContact(st?.lastSeenAt)}`}</Text>
        <Text className="txt muted block">{`型号：${d.model.name}，编号：${d.serial}`}</Text>
        {supply && (
          <Text className="txt muted block" data-testid="device-supply">
            {supply}
          </Text>
        )}
      </View>

      {d.model.supportsSelfTest &&
        (health.reachable ? (
          <View>
            <Button
              className="btn btn-primary"
              disabled={action.busy || undefined}
              onClick={() =>
                action.run(() => api.deviceCommand(id, "self_test"), {
                  at: "self-test",
                  done: (res) => commandSaid(res, "已发出自检指令。报警器收到后会响几声，请听一听。", "自检指令"),
                })
              }
            >
              让报警器自检
            </Button>
            <Message action={action} at="self-test" />
          </View>
        ) : (
          <View className="card" data-testid="self-test-unavailable">
            <Text className="txt-lg bold block">现在不能远程自检</Text>
            <Text className="txt block">
              它没有联网，收不到自检指令。可以按一下报警器上的测试键：响了说明它自己能响，但要联网才能通知家人。
            </Text>
          </View>
        ))}

      <RecentCommands commands={d.commands ?? []} />

      <Handover device={d} onChanged={setData} />

      <Text className="section">记录</Text>
      {data.events.length === 0 && <Text className="txt muted block">还没有记录</Text>}
      {historyRows(data.events).map((r) => (
        <View key={r.key} className="list-item row between">
          <Text className={r.routine ? "txt muted" : "txt"}>{r.text}</Text>
          <Text className="txt muted">{r.when}</Text>
        </View>
      ))}

      <Text className="section">设置</Text>
      {editing ? (
        <Reveal className="card">
          <RoomPicker value={room} onChange={setRoom} label="房间" />
          <Field label="名称" value={name} onInput={setName} maxlength={32} />
          <Button
            className="btn btn-primary"
            disabled={action.busy || undefined}
            onClick={() =>
              action.run(
                async () => {
                  setData(
                    await api.updateDevice(id, { room: room || undefined, name: name.trim() || d.name || undefined }),
                  );
                  setEditing(false);
                },
                { at: "settings", done: "已保存" },
              )
            }
          >
            保存
          </Button>
          <Button className="btn" onClick={() => setEditing(false)}>
            取消
          </Button>
        </Reveal>
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
      <Message action={action} at="settings" />

      {confirmUnbind ? (
        <Reveal className="card card-danger" testId="unbind-confirm">
          <Text className="txt-lg bold block mb">解绑后，这个报警器响了不会再通知您和家人。确定解绑吗？</Text>
          <Button className="btn btn-danger" disabled={action.busy || undefined} onClick={() => void unbind()}>
            确定解绑
          </Button>
          <Message action={action} at="unbind" />
          <Button className="btn" onClick={() => setConfirmUnbind(false)}>
            不解绑
          </Button>
        </Reveal>
      ) : (
        <Button className="btn" onClick={() => setConfirmUnbind(true)}>
          解绑这个报警器
        </Button>
      )}
    </Screen>
  );
}
