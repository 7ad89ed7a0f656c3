// A lint rule the root and the portal configs share: the server's one event loop carries fire alarms, so
// whole files are compressed in zlib's thread pool (its callback or promisified form), never with the *Sync
// calls (ECharts at gzip level 9 held the loop 80 ms, the console's build 100 ms).
export const noSyncCompression = [
  "error",
  {
    selector:
      "ImportSpecifier[imported.name=/^(gzip|deflate|deflateRaw|brotliCompress)Sync$/], MemberExpression[property.name=/^(gzip|deflate|deflateRaw|brotliCompress)Sync$/]",
    message:
      "compress off the event loop (zlib's callback or promisified form): a fire alarm waits for every millisecond it holds",
  },
];
