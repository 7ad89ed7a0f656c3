import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { residentBookings } from "@/services/bookingApi";
import type { CentreView } from "@anxin/contract";
import { BOOKING_ROUTES, LEVEL, byName, distanceLabel } from "../../lib/labels";
import { go, locate } from "../../lib/nav";

/**
 * 体验馆预约: the fire-safety experience centres, nearest first when the phone gives its location
 * (Taro.getLocation), else by name. Tap a centre for its sessions; 我的预约 for tickets.
 */
export default function CentresPage() {
  const [items, setItems] = useState<CentreView[] | null>(null);
  const [located, setLocated] = useState<boolean | null>(null);
  const action = useAction();

  useDidShow(() => {
    void (async () => {
      try {
        const near = await locate();
        setLocated(near !== null);
        const res = await residentBookings.centres(near ?? undefined);
        const active = res.items.filter((c) => c.active);
        setItems(near ? active : byName(active));
        action.clear();
      } catch (err) {
        action.fail(err, "page");
      }
    })();
  });

  return (
    <Screen back>
      <Text className="title">消防体验馆</Text>
      <Button className="btn btn-primary" data-testid="go-mine" onClick={() => go(BOOKING_ROUTES.mine)}>
        我的预约和电子票
      </Button>
      {located === false && <Text className="txt muted block mb">没有取得您的位置，按名称排列。</Text>}
      {located === true && <Text className="txt muted block mb">离您近的排在前面。</Text>}
      <Message action={action} at="page" />
      {items === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className="txt-lg block">还没有开放的体验馆</Text>}
      {items?.map((c) => (
        <View
          key={c.id}
          className="card"
          data-testid={`centre-${c.id}`}
          role="button"
          onClick={() => go(BOOKING_ROUTES.centre, { id: c.id })}
        >
          <Text className="txt-lg bold block">{c.name}</Text>
          <Text className="txt block">{`${LEVEL[c.level] ?? ""}${c.distanceKm !== null ? ` · 距您 ${distanceLabel(c.distanceKm)}` : ""}`}</Text>
          <Text className="txt block">{c.address}</Text>
          <Text className="txt muted block">{`开放时间：${c.openingHours}`}</Text>
          <Text className="txt-lg bold block mt" style={{ color: "#0d47a1" }}>
            看场次、预约 ›
          </Text>
        </View>
      ))}
      <Text className="txt muted block mt">
        家庭预约在上面选体验馆。学校、单位的团体参观由乡镇（街道）协调员统一预约。
      </Text>
      <Button className="btn btn-small mt" onClick={() => go(BOOKING_ROUTES.staff)}>
        工作人员登录
      </Button>
    </Screen>
  );
}
