/**
 * Loaded with `--require` (also into child processes through NODE_OPTIONS): refuses every TCP
 * connection that is not to this machine, so WeChat's tools cannot reach WeChat's servers.
 * Refused attempts are listed in globalThis.__anxinRefusedHosts and reported on stderr.
 */
"use strict";
const net = require("node:net");

if (!globalThis.__anxinRefusedHosts) {
  globalThis.__anxinRefusedHosts = [];
  const LOCAL = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|)$/;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    let opts = args[0];
    if (Array.isArray(opts)) opts = opts[0]; // internal normalized form
    let host = "";
    let isPath = false;
    if (opts && typeof opts === "object") {
      if (opts.path) isPath = true;
      host = opts.host || opts.hostname || "";
    } else if (typeof opts === "string" && !/^\d+$/.test(opts)) {
      isPath = true;
    } else if (typeof args[1] === "string") {
      host = args[1];
    }
    if (!isPath && !LOCAL.test(String(host))) {
      globalThis.__anxinRefusedHosts.push(String(host));
      process.stderr.write(`[no-network] refused a connection to ${host}\n`);
      const err = new Error(`no-network: connection to ${host} refused`);
      err.code = "ECONNREFUSED";
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return connect.apply(this, args);
  };
}
