import { ApiError } from "./errors";
import { defaultBaseUrl, taroTransport, type HttpMethod, type Transport } from "./http";
import { createTokenStore, type TokenStore } from "./tokens";
import type {
  AlarmChangeResponse,
  AlarmDetail,
  AlarmListResponse,
  AlarmPhoto,
  AlarmPhotoListResponse,
  ApiErrorBody,
  BindCheckRequest,
  BindCheckResponse,
  BindDeviceRequest,
  CommunityHouseholdsResponse,
  CommunityListResponse,
  CreateContactRequest,
  DeviceCommandResponse,
  DeviceCommandType,
  DeviceDetail,
  DispatchRequest,
  DispatchResponse,
  DispatchableResponse,
  EmergencyContact,
  HouseholdDetail,
  HouseholdListResponse,
  HouseholdRole,
  InviteResponse,
  JoinHouseholdResponse,
  MembershipPatch,
  MembershipResponse,
  MeResponse,
  NotificationTemplatesResponse,
  SubscriptionsResponse,
  RefreshResponse,
  ResidentLoginResponse,
  ResolveAlarmRequest,
  StaffLoginResponse,
  TokenPair,
  UnbindResponse,
  UpdateDeviceRequest,
  UpdateMeRequest,
  WechatPhoneResponse,
} from "@anxin/contract";

export interface ClientOptions {
  baseUrl?: string;
  transport?: Transport;
  tokens: TokenStore;
  /** called once when the session cannot be refreshed (the user must sign in again) */
  onAuthLost?: () => void;
}

interface CallOptions {
  /** send the access token (default true) */
  auth?: boolean;
  /** the body's type when it is not JSON (raw bytes, e.g. "image/jpeg") */
  contentType?: string;
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  if (!data || typeof data !== "object") return false;
  const e = (data as { error?: unknown }).error;
  return !!e && typeof e === "object" && typeof (e as { code?: unknown }).code === "string";
}

function toApiError(status: number, data: unknown): ApiError {
  if (isErrorBody(data)) return new ApiError(status, data.error.code, data.error.message ?? "");
  const code =
    status === 401 ? "UNAUTHORIZED" : status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : `HTTP_${status}`;
  return new ApiError(status, code, `HTTP ${status}`);
}

/**
 * JSON-over-HTTP client: adds the bearer token, turns error bodies into ApiError,
 * and on a 401 refreshes the tokens once (shared by concurrent requests) and retries.
 */
export class ApiClient {
  readonly tokens: TokenStore;
  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly onAuthLost?: () => void;
  private refreshing: Promise<boolean> | null = null;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl ?? defaultBaseUrl();
    this.transport = opts.transport ?? taroTransport;
    this.tokens = opts.tokens;
    this.onAuthLost = opts.onAuthLost;
  }

  isSignedIn(): boolean {
    return this.tokens.get() !== null;
  }

  async request<T>(method: HttpMethod, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
    const auth = opts.auth !== false;
    const first = await this.send(method, path, body, auth, opts.contentType);
    if (first.statusCode === 401 && auth && this.tokens.get()) {
      const refreshed = await this.refresh();
      if (!refreshed) {
        throw toApiError(401, first.data);
      }
      const second = await this.send(method, path, body, auth, opts.contentType);
      return this.unwrap<T>(second.statusCode, second.data);
    }
    return this.unwrap<T>(first.statusCode, first.data);
  }

  /** Store a fresh token pair (after a login). */
  saveTokens(tokens: TokenPair): void {
    this.tokens.set(tokens);
  }

  signOut(): void {
    this.tokens.clear();
  }

  /** Refresh the token pair; concurrent callers share one refresh request. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const current = this.tokens.get();
    if (!current) return false;
    let res;
    try {
      res = await this.send("POST", "/api/auth/refresh", { refreshToken: current.refreshToken }, false);
    } catch {
      // No answer (network): keep the tokens, the next request can try again.
      return false;
    }
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const data = res.data as RefreshResponse;
      if (data && typeof data.accessToken === "string") {
        this.tokens.set(data);
        return true;
      }
    }
    this.tokens.clear();
    this.onAuthLost?.();
    return false;
  }

  private async send(method: HttpMethod, path: string, body: unknown, auth: boolean, contentType = "application/json") {
    const header: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) header["Content-Type"] = contentType;
    if (auth) {
      const t = this.tokens.get();
      if (t) header.Authorization = `Bearer ${t.accessToken}`;
    }
    try {
      return await this.transport({ method, url: this.baseUrl + path, data: body, header });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String((err as { errMsg?: string })?.errMsg ?? err);
      throw new ApiError(0, "NETWORK", msg);
    }
  }

  private unwrap<T>(status: number, data: unknown): T {
    if (status >= 200 && status < 300) return data as T;
    throw toApiError(status, data);
  }
}

const enc = encodeURIComponent;

/** The typed calls of the Anxin API. */
export function createApi(client: ApiClient) {
  return {
    client,
    // auth
    async wechatLogin(code: string): Promise<ResidentLoginResponse> {
      const res = await client.request<ResidentLoginResponse>(
        "POST",
        "/api/auth/wechat/login",
        { code },
        { auth: false },
      );
      client.saveTokens(res);
      return res;
    },
    async staffLogin(username: string, password: string): Promise<StaffLoginResponse> {
      const res = await client.request<StaffLoginResponse>(
        "POST",
        "/api/auth/staff/login",
        { username, password },
        { auth: false },
      );
      client.saveTokens(res);
      return res;
    },
    /** First sign-in of an invited staff account: sets its own password with the invitation code. */
    acceptInvite(code: string, password: string): Promise<{ username: string; role: string }> {
      return client.request("POST", "/api/auth/staff/accept-invite", { code, password }, { auth: false });
    },
    /** Revoke the refresh token on the server (best effort), then forget both tokens here. */
    async logout(): Promise<void> {
      const t = client.tokens.get();
      client.signOut();
      if (t)
        await client
          .request<unknown>("POST", "/api/auth/logout", { refreshToken: t.refreshToken }, { auth: false })
          .catch(() => undefined);
    },
    confirmPhone: (code: string) => client.request<WechatPhoneResponse>("POST", "/api/auth/wechat/phone", { code }),
    // me
    me: () => client.request<MeResponse>("GET", "/api/me"),
    updateMe: (patch: UpdateMeRequest) => client.request<MeResponse>("PATCH", "/api/me", patch),
    // households
    households: () => client.request<HouseholdListResponse>("GET", "/api/households"),
    household: (id: string) => client.request<HouseholdDetail>("GET", `/api/households/${enc(id)}`),
    joinHousehold: (code: string) => client.request<JoinHouseholdResponse>("POST", "/api/households/join", { code }),
    createInvite: (householdId: string, role: HouseholdRole) =>
      client.request<InviteResponse>("POST", `/api/households/${enc(householdId)}/invites`, { role }),
    /** My own switches in one home (which problems I hear about); only the fields given change. */
    updateMembership: (householdId: string, patch: MembershipPatch) =>
      client.request<MembershipResponse>("PATCH", `/api/households/${enc(householdId)}/membership`, patch),
    removeMember: (householdId: string, memberId: string) =>
      client.request<unknown>("DELETE", `/api/households/${enc(householdId)}/members/${enc(memberId)}`),
    addContact: (householdId: string, contact: CreateContactRequest) =>
      client.request<EmergencyContact>("POST", `/api/households/${enc(householdId)}/contacts`, contact),
    removeContact: (householdId: string, contactId: string) =>
      client.request<unknown>("DELETE", `/api/households/${enc(householdId)}/contacts/${enc(contactId)}`),
    // places (property staff)
    communities: () => client.request<CommunityListResponse>("GET", "/api/communities"),
    communityHouseholds: (communityId: string) =>
      client.request<CommunityHouseholdsResponse>("GET", `/api/communities/${enc(communityId)}/households?limit=200`),
    // devices
    /** Is this code right, before step 2? Answers the device's serial and model; binds nothing. */
    checkBinding: (req: BindCheckRequest) => client.request<BindCheckResponse>("POST", "/api/devices/bind/check", req),
    bindDevice: (req: BindDeviceRequest) => client.request<DeviceDetail>("POST", "/api/devices/bind", req),
    device: (id: string) => client.request<DeviceDetail>("GET", `/api/devices/${enc(id)}`),
    updateDevice: (id: string, patch: UpdateDeviceRequest) =>
      client.request<DeviceDetail>("PATCH", `/api/devices/${enc(id)}`, patch),
    handoverDevice: (id: string, residentId: string) =>
      client.request<DeviceDetail>("POST", `/api/devices/${enc(id)}/handover`, { residentId }),
    unbindDevice: (id: string) => client.request<UnbindResponse>("POST", `/api/devices/${enc(id)}/unbind`, {}),
    deviceCommand: (id: string, type: DeviceCommandType) =>
      client.request<DeviceCommandResponse>("POST", `/api/devices/${enc(id)}/commands`, { type }),
    // alarms
    alarms: (status: "open" | "all" = "open") =>
      client.request<AlarmListResponse>("GET", `/api/alarms?status=${status}`),
    alarm: (id: string) => client.request<AlarmDetail>("GET", `/api/alarms/${enc(id)}`),
    ackAlarm: (id: string) => client.request<AlarmChangeResponse>("POST", `/api/alarms/${enc(id)}/ack`, {}),
    resolveAlarm: (id: string, req: ResolveAlarmRequest) =>
      client.request<AlarmChangeResponse>("POST", `/api/alarms/${enc(id)}/resolve`, req),
    // photos of an alarm (staff on site); the API takes the image bytes as the body, not a form
    alarmPhotos: (alarmId: string) =>
      client.request<AlarmPhotoListResponse>("GET", `/api/alarms/${enc(alarmId)}/photos`),
    uploadAlarmPhoto: (alarmId: string, photo: { bytes: ArrayBuffer; type: string }, caption?: string) =>
      client.request<AlarmPhoto>(
        "POST",
        `/api/alarms/${enc(alarmId)}/photos${caption ? `?caption=${enc(caption)}` : ""}`,
        photo.bytes,
        { contentType: photo.type },
      ),
    // dispatch (property staff)
    alarmsDispatchedToMe: () => client.request<AlarmListResponse>("GET", "/api/alarms?status=open&dispatchedTo=me"),
    dispatchable: (alarmId: string) =>
      client.request<DispatchableResponse>("GET", `/api/alarms/${enc(alarmId)}/dispatchable`),
    dispatchAlarm: (alarmId: string, req: DispatchRequest) =>
      client.request<DispatchResponse>("POST", `/api/alarms/${enc(alarmId)}/dispatch`, req),
    // subscribe messages
    notificationTemplates: () => client.request<NotificationTemplatesResponse>("GET", "/api/notifications/templates"),
    recordSubscriptions: (accepted: string[]) =>
      client.request<SubscriptionsResponse>("POST", "/api/notifications/subscriptions", { accepted, longTerm: false }),
  };
}

export type Api = ReturnType<typeof createApi>;

let authLostHandler: (() => void) | undefined;
/** The app sets this to send the resident back to the sign-in page. */
export function setAuthLostHandler(fn: () => void): void {
  authLostHandler = fn;
}

/** The resident's session. */
export const residentClient = new ApiClient({
  tokens: createTokenStore("resident"),
  onAuthLost: () => authLostHandler?.(),
});
export const api = createApi(residentClient);

/** The property staff's session (staff subpackage), kept apart from the resident's. */
export const staffClient = new ApiClient({ tokens: createTokenStore("staff") });
export const staffApi = createApi(staffClient);
