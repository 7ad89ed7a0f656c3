import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { residentBookings } from "@/services/bookingApi";
import type { SessionView } from "@/services/bookingTypes";
import { ApiError, errorText } from "@/services/errors";
import { requireSignIn } from "@/services/session";
import { BOOKING_ROUTES, MAX_SEATS, TOPIC, ages, seatsText, sessionWhen } from "../../lib/labels";
import { replace } from "../../lib/nav";

/** 预约: how many people of the family come; one big button books (or joins the waitlist). */
export default function BookPage() {
  const { params } = useRouter();
  const sessionId = String(params.sessionId ?? "");
  const [session, setSession] = useState<SessionView | null>(null);
  const [seats, setSeats] = useState(1);
  const [phone, setPhone] = useState("");
  const [needPhone, setNeedPhone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  useDidShow(() => {
    if (!requireSignIn() || !sessionId) return;
    residentBookings
      .session(sessionId)
      .then(setSession)
      .catch((err) => setError(errorText(err)));
  });

  const max = session ? Math.max(1, Math.min(MAX_SEATS, session.capacity)) : MAX_SEATS;
  const seatInfo = session ? seatsText(session) : null;
  const willWait = !!session && session.seatsLeft < seats;

  async function book() {
    if (!session) return;
    setBusy(true);
    setError("");
    try {
      const b = await residentBookings.book(session.id, {
        seats,
        ...(phone.trim() ? { contactPhone: phone.trim() } : {}),
      });
      replace(BOOKING_ROUTES.detail, { id: b.id, fresh: "1" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") setNeedPhone(true);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen>
      <Text className="title">预约体验</Text>
      {error && (
        <Text className="error" data-testid="book-error">
          {error}
        </Text>
      )}
      {!session && !error && <Text className="txt muted">正在加载…</Text>}
      {session && (
        <View>
          <View className="card card-info">
            <Text className="txt-lg bold block">{session.title}</Text>
            <Text className="txt-lg block">{sessionWhen(session)}</Text>
            <Text className="txt block">{session.centreName}</Text>
            <Text className="txt block">{`${TOPIC[session.topic] ?? ""} · ${ages(session)}`}</Text>
            <Text className="txt-lg bold block">{seatInfo?.text}</Text>
          </View>
          <Text className="section">一共几个人来？</Text>
          <View className="row between mb">
            <Button
              className="btn btn-small"
              data-testid="seats-minus"
              disabled={seats <= 1 || undefined}
              onClick={() => setSeats((n) => Math.max(1, n - 1))}
            >
              减一人
            </Button>
            <Text className="txt-xxl bold" data-testid="seats">{`${seats} 人`}</Text>
            <Button
              className="btn btn-small"
              data-testid="seats-plus"
              disabled={seats >= max || undefined}
              onClick={() => setSeats((n) => Math.min(max, n + 1))}
            >
              加一人
            </Button>
          </View>
          <Text className="txt muted block mb">{`一家最多 ${max} 人。`}</Text>
          {needPhone && (
            <View>
              <Text className="label">联系电话</Text>
              <Input
                className="input"
                type="number"
                data-testid="input-phone"
                value={phone}
                onInput={(e) => setPhone(e.detail.value)}
              />
            </View>
          )}
          {willWait && (
            <Text className="txt-lg bold block mb" style={{ color: "#e65100" }}>
              名额不够，预约后会排队候补，有空位时通知您。
            </Text>
          )}
          <Button className="btn btn-primary" disabled={busy || !seatInfo?.bookable || undefined} onClick={book}>
            {busy ? "正在预约…" : willWait ? `排队候补 ${seats} 人` : `预约 ${seats} 人`}
          </Button>
        </View>
      )}
    </Screen>
  );
}
