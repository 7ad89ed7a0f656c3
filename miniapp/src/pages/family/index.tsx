import { useCallback, useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { formatTime, maskPhone } from "@/services/format";
import { requireSignIn } from "@/services/session";
import type { HouseholdDetail, HouseholdSummary, InviteResponse } from "@anxin/contract";

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
  const action = useAction();
  const { fail } = action;

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
      fail(err, "page");
    }
  }, [selected, loadDetail, fail]);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });

  const isOwner = detail?.role === "OWNER";
  const me = detail?.members.find((m) => m.isMe);
  const neighbours = me?.neighbourAlerts === true;

  function addContact(home: HouseholdDetail) {
    if (!cName.trim() || !/^1\d{10}$/.test(cPhone.trim())) {
      action.say("请填写姓名和11位手机号", { at: "contact" });
      return;
    }
    void action.run(
      async () => {
        await api.addContact(home.id, {
          name: cName.trim(),
          phone: cPhone.trim(),
          ...(cRelation.trim() ? { relation: cRelation.trim() } : {}),
        });
        setCName("");
        setCPhone("");
        setCRelation("");
        await loadDetail(home.id);
      },
      { at: "contact", done: "已添加紧急联系人" },
    );
  }

  function join() {
    if (!joinCode.trim()) {
      action.say("请输入邀请码", { at: "join" });
      return;
    }
    void action.run(
      async () => {
        await api.joinHousehold(joinCode.trim());
        setJoinCode("");
        await load();
      },
      { at: "join", done: "已加入家庭" },
    );
  }

  return (
    <Screen back>
      <Text className="title">家人和紧急联系人</Text>
      <Message action={action} at="page" />

      {homes.length > 1 && (
        <Choices
          label="哪个家"
          options={homes.map((h) => ({ value: h.id, text: h.address }))}
          value={selected}
          onChange={(id) => {
            setSelected(id);
            setInvite(null);
            void loadDetail(id).catch((err) => fail(err, "page"));
          }}
        />
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
                  disabled={action.busy || undefined}
                  onClick={() =>
                    action.run(
                      async () => {
                        await api.removeMember(detail.id, m.id);
                        await loadDetail(detail.id);
                      },
                      { at: "members", done: `已移除 ${m.nickname ?? maskPhone(m.phone)}` },
                    )
                  }
                >
                  移除
                </Button>
              )}
            </View>
          ))}
          <Message action={action} at="members" />

          {me && (
            <View className="card mt" data-testid="neighbour-alerts">
              <Text className="txt-lg block">
                {neighbours
                  ? "已开启：同单元邻居家报警 3 分钟无人处理时，也会通知您。"
                  : "同单元邻居家报警 3 分钟无人处理时，您愿意收到通知、去看一看吗？"}
              </Text>
              <Button
                className={`btn ${neighbours ? "" : "btn-primary"}`}
                disabled={action.busy || undefined}
                onClick={() =>
                  action.run(
                    async () => {
                      await api.updateMembership(detail.id, { neighbourAlerts: !neighbours });
                      await loadDetail(detail.id);
                    },
                    { at: "neighbour", done: neighbours ? "已关闭邻里互助通知" : "已开启邻里互助通知" },
                  )
                }
              >
                {neighbours ? "关闭邻里互助通知" : "开启邻里互助通知"}
              </Button>
              <Message action={action} at="neighbour" />
            </View>
          )}

          {invite ? (
            <View className="card card-info mt" data-testid="invite-code">
              <Text className="txt-lg block">请把这个邀请码告诉家人：</Text>
              <Text className="code-big">{invite.code}</Text>
              <Text className="txt muted block">{`有效期到 ${formatTime(invite.expiresAt)}`}</Text>
            </View>
          ) : (
            <Button
              className="btn btn-primary mt"
              disabled={action.busy || undefined}
              onClick={() =>
                action.run(async () => setInvite(await api.createInvite(detail.id, "FAMILY")), { at: "invite" })
              }
            >
              邀请家人
            </Button>
          )}
          <Message action={action} at="invite" />

          <Text className="section">紧急联系人</Text>
          <Text className="txt muted block" data-testid="contacts-how">
            报警没人处理时（一般是 1 分钟后），我们会同时给下面每一位紧急联系人打电话，不是一个接一个地打。
          </Text>
          {detail.emergencyContacts.map((c) => (
            <View key={c.id} className="list-item row between">
              <Text className="txt-lg">{`${c.name}${c.relation ? `（${c.relation}）` : ""} ${c.phone}`}</Text>
              <Button
                className="btn btn-small"
                disabled={action.busy || undefined}
                onClick={() =>
                  action.run(
                    async () => {
                      await api.removeContact(detail.id, c.id);
                      await loadDetail(detail.id);
                    },
                    { at: "contacts", done: `已删除 ${c.name}` },
                  )
                }
              >
                删除
              </Button>
            </View>
          ))}
          <Message action={action} at="contacts" />
          <View className="card mt" data-testid="contact-form">
            <Field label="姓名" value={cName} onInput={setCName} maxlength={32} testId="input-contact-name" />
            <Field
              label="手机号"
              type="number"
              value={cPhone}
              onInput={setCPhone}
              maxlength={11}
              testId="input-contact-phone"
            />
            <Field
              label="关系（如 儿子、女儿、邻居）"
              value={cRelation}
              onInput={setCRelation}
              maxlength={16}
              testId="input-contact-relation"
            />
            <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={() => addContact(detail)}>
              添加紧急联系人
            </Button>
            <Message action={action} at="contact" />
          </View>
        </View>
      )}

      <Text className="section">加入家庭</Text>
      <View className="card">
        <Field
          label="邀请码（家人或物业给您的）"
          value={joinCode}
          onInput={setJoinCode}
          maxlength={32}
          testId="input-join"
        />
        <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={join}>
          加入
        </Button>
        <Message action={action} at="join" />
      </View>
    </Screen>
  );
}
