import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { residentBookings } from "@/services/bookingApi";
import type { SessionView } from "@anxin/contract";
import { ApiError } from "@/services/errors";
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
  const action = useAction();

  useDidShow(() => {
    if (!requireSignIn() || !sessionId) return;
    residentBookings
      .session(sessionId)
      .then(setSession)
      .catch((err) => action.fail(err, "page"));
  });

  const max = session ? Math.max(1, Math.min(MAX_SEATS, session.capacity)) : MAX_SEATS;
  const seatInfo = session ? seatsText(session) : null;
  const willWait = !!session && session.seatsLeft < seats;

  const book = () =>
    session &&
    action.run(
      async () => {
        const b = await residentBookings.book(session.id, {
          seats,
          ...(phone.trim() ? { contactPhone: phone.trim() } : {}),
        });
        replace(BOOKING_ROUTES.detail, { id: b.id, fresh: "1" });
      },
      {
        at: "book",
        error: (err) => {
          if (err instanceof ApiError && err.code === "VALIDATION_FAILED") setNeedPhone(true);
          return undefined;
        },
      },
    );

  const minus = seats <= 1;
  const plus = seats >= max;
  return (
    <Screen back>
      <Text className="title">预约体验</Text>
      <Message action={action} at="page" testId="book-error" />
      {!session && !action.feedback && <Text className="txt muted">正在加载…</Text>}
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
              className={`btn btn-small ${minus ? "btn-disabled" : ""}`}
              data-testid="seats-minus"
              disabled={minus || undefined}
              onClick={() => setSeats((n) => Math.max(1, n - 1))}
            >
              减一人
            </Button>
            <Text className="txt-xxl bold" data-testid="seats">{`${seats} 人`}</Text>
            <Button
              className={`btn btn-small ${plus ? "btn-disabled" : ""}`}
              data-testid="seats-plus"
              disabled={plus || undefined}
              onClick={() => setSeats((n) => Math.min(max, n + 1))}
            >
              加一人
            </Button>
          </View>
          <Text className="txt muted block mb" data-testid="seats-hint">
            {minus ? `至少 1 人，一家最多 ${max} 人。` : plus ? `已经是最多的 ${max} 人。` : `一家最多 ${max} 人。`}
          </Text>
          {needPhone && (
            <Field
              label="联系电话"
              type="number"
              value={phone}
              onInput={setPhone}
              maxlength={11}
              testId="input-phone"
            />
          )}
          {willWait && (
            <Text className="txt-lg bold block mb warn-text">名额不够，预约后会排队候补，有空位时通知您。</Text>
          )}
          <Button
            className="btn btn-primary"
            disabled={action.busy || !seatInfo?.bookable || undefined}
            onClick={() => void book()}
          >
            {action.busy ? "正在预约…" : willWait ? `排队候补 ${seats} 人` : `预约 ${seats} 人`}
          </Button>
          <Message action={action} at="book" testId="book-error" />
        </View>
      )}
    </Screen>
  );
}
