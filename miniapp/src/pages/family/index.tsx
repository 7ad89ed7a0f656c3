import { useCallback, useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import { formatTime, maskPhone } from "@/services/format";
import { requireSignIn } from "@/services/session";
import type { HouseholdDetail, HouseholdSummary, InviteResponse } from "@/services/types";

const ROLE_TEXT: Record<string, string> = { OWNER: "户主", FAMILY: "家人", TENANT: "租户" };

/** 家人和紧急联系人: join by invitation, invite, remove, emergency contacts. */
export default function FamilyPage() {
  const [homes, setHomes] = useState<HouseholdSummary[]>([]);
  const [selected, setSelected] = useState("");
  const [detail, setDetail] = useState<HouseholdDetail | null>(null);
  const [invite, setInvite] = useState<InviteResponse | null>(null);
  const [joinCode, setJoinCode] = useState("");
  const [cName, setCName] = useState("");
  const [cPhone, setCPhone] = useState("");
  const [cRelation, setCRelation] = useState("");
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  const loadDetail = useCallback(async (id: string) => {
    if (!id) return;
    setDetail(await api.household(id));
  }, []);

  const load = useCallback(async () => {
    try {
      const res = await api.households();
      setHomes(res.items);
      const id = res.items.find((h) => h.id === selected)?.id ?? res.items[0]?.id ?? "";
      setSelected(id);
      if (id) await loadDetail(id);
      else setDetail(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [selected, loadDetail]);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });

  async function run(fn: () => Promise<unknown>, done: string) {
    if (busy) return;
    setBusy(true);
    setError("");
    setNotice("");
    try {
      await fn();
      setNotice(done);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const isOwner = detail?.role === "OWNER";

  return (
    <Screen>
      <Text className="title">家人和紧急联系人</Text>
      {notice && <Text className="notice">{notice}</Text>}
      {error && <Text className="error">{error}</Text>}

      {homes.length > 1 && (
        <View className="chips mb">
          {homes.map((h) => (
            <Text
              key={h.id}
              className={`chip ${selected === h.id ? "chip-on" : ""}`}
              onClick={() => {
                setSelected(h.id);
                setInvite(null);
                void loadDetail(h.id).catch((err) => setError(errorText(err)));
              }}
            >
              {h.address}
            </Text>
          ))}
        </View>
      )}

      {detail && (
        <View>
          <Text className="section">{detail.address}</Text>
          <Text className="section">家人</Text>
          {detail.members.map((m) => (
            <View key={m.id} className="list-item row between">
              <Text className="txt-lg">{`${m.nickname ?? maskPhone(m.phone)}（${ROLE_TEXT[m.role] ?? m.role}）`}</Text>
              {isOwner && !m.isMe && m.role !== "OWNER" && (
                <Button
                  className="btn btn-small"
                  onClick={() =>
                    run(async () => {
                      await api.removeMember(detail.id, m.id);
                      await loadDetail(detail.id);
                    }, "已移除")
                  }
                >
                  移除
                </Button>
              )}
            </View>
          ))}

          {(() => {
            const me = detail.members.find((m) => m.isMe);
            if (!me) return null;
            const on = me.neighbourAlerts === true;
            return (
              <View className="card mt" data-testid="neighbour-alerts">
                <Text className="txt-lg block">
                  {on
                    ? "已开启：同单元邻居家报警 3 分钟无人处理时，也会通知您。"
                    : "同单元邻居家报警 3 分钟无人处理时，您愿意收到通知、去看一看吗？"}
                </Text>
                <Button
                  className={`btn ${on ? "" : "btn-primary"}`}
                  onClick={() =>
                    run(
                      async () => {
                        await api.updateMembership(detail.id, { neighbourAlerts: !on });
                        await loadDetail(detail.id);
                      },
                      on ? "已关闭邻里互助通知" : "已开启邻里互助通知",
                    )
                  }
                >
                  {on ? "关闭邻里互助通知" : "开启邻里互助通知"}
                </Button>
              </View>
            );
          })()}

          {invite ? (
            <View className="card card-info mt" data-testid="invite-code">
              <Text className="txt-lg block">请把这个邀请码告诉家人：</Text>
              <Text className="code-big">{invite.code}</Text>
              <Text className="txt muted block">{`有效期到 ${formatTime(invite.expiresAt)}`}</Text>
            </View>
          ) : (
            <Button
              className="btn btn-primary mt"
              disabled={busy || undefined}
              onClick={() => run(async () => setInvite(await api.createInvite(detail.id, "FAMILY")), "邀请码已生成")}
            >
              邀请家人
            </Button>
          )}

          <Text className="section">紧急联系人</Text>
          <Text className="txt muted block">报警没人处理时，我们会依次打电话给他们。</Text>
          {detail.emergencyContacts.map((c) => (
            <View key={c.id} className="list-item row between">
              <Text className="txt-lg">{`${c.name}${c.relation ? `（${c.relation}）` : ""} ${c.phone}`}</Text>
              <Button
                className="btn btn-small"
                onClick={() =>
                  run(async () => {
                    await api.removeContact(detail.id, c.id);
                    await loadDetail(detail.id);
                  }, "已删除")
                }
              >
                删除
              </Button>
            </View>
          ))}
          <View className="card mt">
            <Text className="label">姓名</Text>
            <Input className="input" value={cName} onInput={(e) => setCName(e.detail.value)} />
            <Text className="label">手机号</Text>
            <Input className="input" type="number" value={cPhone} onInput={(e) => setCPhone(e.detail.value)} />
            <Text className="label">关系（如 儿子、女儿、邻居）</Text>
            <Input className="input" value={cRelation} onInput={(e) => setCRelation(e.detail.value)} />
            <Button
              className="btn btn-primary"
              disabled={busy || undefined}
              onClick={() => {
                if (!cName.trim() || !/^1\d{10}$/.test(cPhone.trim())) {
                  setError("请填写姓名和11位手机号");
                  return;
                }
                void run(async () => {
                  await api.addContact(detail.id, {
                    name: cName.trim(),
                    phone: cPhone.trim(),
                    ...(cRelation.trim() ? { relation: cRelation.trim() } : {}),
                  });
                  setCName("");
                  setCPhone("");
                  setCRelation("");
                  await loadDetail(detail.id);
                }, "已添加紧急联系人");
              }}
            >
              添加紧急联系人
            </Button>
          </View>
        </View>
      )}

      <Text className="section">加入家庭</Text>
      <View className="card">
        <Text className="label">邀请码（家人或物业给您的）</Text>
        <Input
          className="input"
          value={joinCode}
          onInput={(e) => setJoinCode(e.detail.value)}
          data-testid="input-join"
        />
        <Button
          className="btn btn-primary"
          disabled={busy || undefined}
          onClick={() => {
            if (!joinCode.trim()) {
              setError("请输入邀请码");
              return;
            }
            void run(async () => {
              await api.joinHousehold(joinCode.trim());
              setJoinCode("");
              await load();
            }, "已加入家庭");
          }}
        >
          加入
        </Button>
      </View>
    </Screen>
  );
}
