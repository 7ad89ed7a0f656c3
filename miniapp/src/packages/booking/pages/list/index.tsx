import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { residentBookings } from "@/services/bookingApi";
import type { CentreView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { BOOKING_ROUTES, LEVEL, byName, distanceLabel } from "../../lib/labels";
import { go, locate } from "../../lib/nav";

/**
 * 体验馆预约: the fire-safety experience centres, nearest first when the phone gives its location
 * (Taro.getLocation), else by name. Tap a centre for its sessions; 我的预约 for tickets.
 */
export default function CentresPage() {
  const [items, setItems] = useState<CentreView[] | null>(null);
  const [located, setLocated] = useState<boolean | null>(null);
  const [error, setError] = useState("");

  useDidShow(() => {
    void (async () => {
      try {
        const near = await locate();
        setLocated(near !== null);
        const res = await residentBookings.centres(near ?? undefined);
        const active = res.items.filter((c) => c.active);
        setItems(near ? active : byName(active));
        setError("");
      } catch (err) {
        setError(errorText(err));
      }
    })();
  });

  return (
    <Screen>
      <Text className="title">消防体验馆</Text>
      <Button className="btn btn-primary" data-testid="go-mine" onClick={() => go(BOOKING_ROUTES.mine)}>
        我的预约和电子票
      </Button>
      {located === false && <Text className="txt muted block mb">没有取得您的位置，按名称排列。</Text>}
      {located === true && <Text className="txt muted block mb">离您近的排在前面。</Text>}
      {error && <Text className="error">{error}</Text>}
      {items === null && !error && <Text className="txt muted">正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className="txt-lg block">还没有开放的体验馆</Text>}
      {items?.map((c) => (
        <View
          key={c.id}
          className="card"
          data-testid={`centre-${c.id}`}
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
      <Button className="btn mt" onClick={() => go(BOOKING_ROUTES.staff)}>
        体验馆工作人员、乡镇协调员入口
      </Button>
    </Screen>
  );
}
