// Configuration from the environment: each wrong value gives exactly one line naming the variable and what
// is wrong, all wrong values are reported at once, and the defaults are the ones the README states.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/shared/config.ts";

/** The lines loadConfig reports for this environment (fails the test if it does not throw). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).lines;
  }
  throw new Error(`expected a configuration error for ${JSON.stringify(env)}`);
}

const SECRET = "0123456789abcdef0123456789abcdef";

describe("loadConfig: one line per wrong value", () => {
  const cases: { env: Record<string, string>; variable: string; says: RegExp }[] = [
    { env: { PORT: "abc" }, variable: "PORT", says: /port number.*"abc"/ },
    { env: { PORT: "70000" }, variable: "PORT", says: /port number 0-65535.*"70000"/ },
    { env: { PORT: "-1" }, variable: "PORT", says: /port number/ },
    { env: { PORT: "80.5" }, variable: "PORT", says: /port number/ },
    {
      env: { DATABASE_URL: "mysql://x" },
      variable: "DATABASE_URL",
      says: /unknown scheme "mysql".*file:.*postgres:\/\//,
    },
    { env: { MQTT_URL: "http://x" }, variable: "MQTT_URL", says: /mqtt:\/\// },
    { env: { JWT_SECRET: "too-short" }, variable: "JWT_SECRET", says: /at least 32 characters/ },
    { env: { LOG_LEVEL: "loud" }, variable: "LOG_LEVEL", says: /must be one of .*info.*"loud"/ },
    { env: { NODE_ENV: "prod" }, variable: "NODE_ENV", says: /must be one of .*production.*"prod"/ },
    { env: { MQTT_PORT: "mqtt" }, variable: "MQTT_PORT", says: /port number.*"mqtt"/ },
    { env: { STAFF_MAX_FAILED_LOGINS: "0" }, variable: "STAFF_MAX_FAILED_LOGINS", says: /positive whole number.*"0"/ },
    { env: { ACCESS_TOKEN_TTL_SEC: "15m" }, variable: "ACCESS_TOKEN_TTL_SEC", says: /positive whole number.*"15m"/ },
    { env: { WECHAT_API_BASE: "ftp://x" }, variable: "WECHAT_API_BASE", says: /http\(s\) URL.*"ftp:\/\/x"/ },
    { env: { SEED_DEMO: "maybe" }, variable: "SEED_DEMO", says: /true or false.*"maybe"/ },
    { env: { PORTAL_PUBLIC_URL: "portal.example" }, variable: "PORTAL_PUBLIC_URL", says: /http\(s\) URL/ },
    { env: { CONSOLE_TILE_URL: "tiles/{z}/{x}/{y}.png" }, variable: "CONSOLE_TILE_URL", says: /tile address/ },
    { env: { CONSOLE_TILE_URL: "javascript:{z}" }, variable: "CONSOLE_TILE_URL", says: /tile address/ },
    { env: { NODE_ENV: "production" }, variable: "JWT_SECRET", says: /must be set in production/ },
    { env: { WECHAT_APP_ID: "wx123" }, variable: "WECHAT_APP_SECRET", says: /must be set when WECHAT_APP_ID is/ },
  ];

  for (const c of cases) {
    it(`${JSON.stringify(c.env)} -> one line naming ${c.variable}`, () => {
      const lines = problems(c.env);
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line).not.toContain("\n");
      expect(line).toMatch(new RegExp(`^Configuration error: ${c.variable} `));
      expect(line).toMatch(c.says);
    });
  }

  it("several wrong values give one line each, all at once", () => {
    const lines = problems({
      PORT: "abc",
      DATABASE_URL: "mysql://h/db",
      LOG_LEVEL: "loud",
      JWT_SECRET: "short",
      MQTT_URL: "http://x",
    });
    expect(lines).toHaveLength(5);
    for (const v of ["PORT", "DATABASE_URL", "LOG_LEVEL", "JWT_SECRET", "MQTT_URL"]) {
      expect(
        lines.filter((l) => l.startsWith(`Configuration error: ${v} `)),
        v,
      ).toHaveLength(1);
    }
  });

  it("a missing production secret is reported together with the other wrong values", () => {
    const lines = problems({ NODE_ENV: "production", PORT: "abc" });
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.startsWith("Configuration error: PORT "))).toBe(true);
    expect(lines.some((l) => l.startsWith("Configuration error: JWT_SECRET "))).toBe(true);
  });

  it("the error message is the lines joined", () => {
    const e = (() => {
      try {
        loadConfig({ PORT: "abc", LOG_LEVEL: "loud" });
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error("no error");
    })();
    expect(e.message).toBe(e.lines.join("\n"));
  });
});

describe("loadConfig: defaults and accepted values", () => {
  it("has the README's defaults", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe("127.0.0.1");
    expect(c.DATABASE_URL.provider).toBe("sqlite");
    expect(c.DATABASE_URL).toMatchObject({ file: path.resolve("data/anxin.db") });
    expect(c.MQTT_PORT).toBe(1883);
    expect(c.LOG_LEVEL).toBe("info");
    expect(c.NODE_ENV).toBe("development");
    expect(c.DATA_DIR).toBe("./data");
    expect(c.ACCESS_TOKEN_TTL_SEC).toBe(900);
    expect(c.REFRESH_TOKEN_TTL_SEC).toBe(30 * 24 * 3600);
    expect(c.STAFF_MAX_FAILED_LOGINS).toBe(5);
    expect(c.STAFF_LOCKOUT_SEC).toBe(900);
    expect(c.WECHAT_API_BASE).toBe("https://api.weixin.qq.com");
    expect(c.SEED_DEMO).toBe(true);
    expect(c.JWT_SECRET).toBeUndefined();
    expect(c.jwtSecretEphemeral).toBe(true);
  });

  it("caches the county view a second by default; 0 turns it off; a bad value is named", () => {
    expect(loadConfig({}).REPORTS_CACHE_MS).toBe(1000);
    expect(loadConfig({ REPORTS_CACHE_MS: "0" }).REPORTS_CACHE_MS).toBe(0);
    expect(problems({ REPORTS_CACHE_MS: "soon" })).toEqual([expect.stringContaining("REPORTS_CACHE_MS")]);
  });

  it("answers routine HTTP requests in turns of 4 ms of the event loop by default; 0 turns it off; a bad value is named", () => {
    expect(loadConfig({}).HTTP_TURN_MS).toBe(4);
    expect(loadConfig({ HTTP_TURN_MS: "0" }).HTTP_TURN_MS).toBe(0);
    expect(loadConfig({ HTTP_TURN_MS: "10" }).HTTP_TURN_MS).toBe(10);
    for (const bad of ["soon", "-1", "1.5", "1001"])
      expect(problems({ HTTP_TURN_MS: bad })).toEqual([expect.stringContaining("HTTP_TURN_MS")]);
  });

  it("queues 4,096 handshakes for the embedded broker by default (a reconnect storm's); 0 is Node's own", () => {
    expect(loadConfig({}).MQTT_LISTEN_BACKLOG).toBe(4096);
    expect(loadConfig({ MQTT_LISTEN_BACKLOG: "0" }).MQTT_LISTEN_BACKLOG).toBe(0);
    expect(loadConfig({ MQTT_LISTEN_BACKLOG: "65535" }).MQTT_LISTEN_BACKLOG).toBe(65_535);
    for (const bad of ["many", "-1", "65536"])
      expect(problems({ MQTT_LISTEN_BACKLOG: bad })).toEqual([expect.stringContaining("MQTT_LISTEN_BACKLOG")]);
  });

  it("runs the embedded broker on a thread of its own unless MQTT_BROKER_THREAD=false", () => {
    expect(loadConfig({}).MQTT_BROKER_THREAD).toBe(true);
    expect(loadConfig({ MQTT_BROKER_THREAD: "false" }).MQTT_BROKER_THREAD).toBe(false);
    expect(problems({ MQTT_BROKER_THREAD: "sometimes" })).toEqual([expect.stringContaining("MQTT_BROKER_THREAD")]);
  });

  it("serves HTTP in the main process by default; HTTP_WORKERS takes 0-16, a bad value is named", () => {
    expect(loadConfig({}).HTTP_WORKERS).toBe(0);
    expect(loadConfig({ HTTP_WORKERS: "2" }).HTTP_WORKERS).toBe(2);
    for (const bad of ["-1", "17", "two", "1.5"])
      expect(problems({ HTTP_WORKERS: bad })).toEqual([expect.stringContaining("HTTP_WORKERS")]);
  });

  it("links to this machine on PORT unless PUBLIC_BASE_URL is set (a demo on another port links to itself)", () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe("http://127.0.0.1:3000");
    expect(loadConfig({ PORT: "3100" }).PUBLIC_BASE_URL).toBe("http://127.0.0.1:3100");
    expect(loadConfig({ PORT: "3100", PUBLIC_BASE_URL: "" }).PUBLIC_BASE_URL).toBe("http://127.0.0.1:3100");
    expect(loadConfig({ PORT: "3100", PUBLIC_BASE_URL: "https://xf.example.cn" }).PUBLIC_BASE_URL).toMatch(
      /^https:\/\/xf\.example\.cn\/?$/,
    );
  });

  it("treats an empty value as unset, as `VAR=` in a compose file or .env means", () => {
    const c = loadConfig({
      PORT: "",
      HOST: "",
      DATABASE_URL: "",
      LOG_LEVEL: "",
      NODE_ENV: "",
      JWT_SECRET: "",
      MQTT_PORT: "",
      DATA_DIR: "",
    });
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe("127.0.0.1"); // never "" (which would listen on every interface)
    expect(c.DATABASE_URL.provider).toBe("sqlite");
    expect(c.LOG_LEVEL).toBe("info");
    expect(c.NODE_ENV).toBe("development");
    expect(c.jwtSecretEphemeral).toBe(true);
    expect(c.MQTT_PORT).toBe(1883);
    expect(c.DATA_DIR).toBe("./data");
  });

  it("reads valid values", () => {
    const c = loadConfig({
      PORT: "0",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://anxin@db.example:5432/anxin",
      LOG_LEVEL: "debug",
      NODE_ENV: "production",
      JWT_SECRET: SECRET,
      MQTT_PORT: "65535",
      MQTT_URL: "mqtts://broker.example:8883",
      WECHAT_API_BASE: "http://127.0.0.1:9999//",
      WECHAT_APP_ID: "wx123",
      WECHAT_APP_SECRET: "s",
      STAFF_MAX_FAILED_LOGINS: "3",
      SEED_DEMO: "false",
      PORTAL_PUBLIC_URL: "https://portal.example/",
      CONSOLE_TILE_URL: "https://tiles.example.cn/{z}/{x}/{y}.png",
    });
    expect(c.PORT).toBe(0);
    expect(c.HOST).toBe("0.0.0.0");
    expect(c.DATABASE_URL).toEqual({ provider: "postgres", url: "postgres://anxin@db.example:5432/anxin" });
    expect(c.LOG_LEVEL).toBe("debug");
    expect(c.JWT_SECRET).toBe(SECRET);
    expect(c.jwtSecretEphemeral).toBe(false);
    expect(c.MQTT_PORT).toBe(65535);
    expect(c.WECHAT_API_BASE).toBe("http://127.0.0.1:9999");
    expect(c.STAFF_MAX_FAILED_LOGINS).toBe(3);
    expect(c.SEED_DEMO).toBe(false);
    expect(c.PORTAL_PUBLIC_URL).toBe("https://portal.example");
    // the template's braces are kept for Leaflet
    expect(c.CONSOLE_TILE_URL).toBe("https://tiles.example.cn/{z}/{x}/{y}.png");
  });

  it("chooses the database from the URL scheme", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).DATABASE_URL.provider).toBe("postgres");
    expect(loadConfig({ DATABASE_URL: "file:/tmp/x.db" }).DATABASE_URL).toMatchObject({
      provider: "sqlite",
      file: "/tmp/x.db",
    });
  });
});
