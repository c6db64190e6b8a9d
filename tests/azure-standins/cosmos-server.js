#!/usr/bin/env node
// Starts the local Cosmos-compatible server (@vercel/cosmosdb-server, pinned in package.json) for the tests:
//   node cosmos-server.js --host 127.0.0.1 --port PORT
// One fix over the package's own CLI: its point read of an item that does not exist throws (answering 500)
// where Cosmos DB answers 404 Not Found. The handler is wrapped before the routes load, so a missing item is
// a 404 as in Azure and the store's "missing item is null" is tested as it behaves there.
"use strict";
const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const original = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return original(account, req, res, params);
  } catch (err) {
    if (err instanceof TypeError) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
    throw err;
  }
};

const { createHttpsServer } = require("@vercel/cosmosdb-server");
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const host = arg("--host", "127.0.0.1");
const port = parseInt(arg("--port", "0"), 10);
const server = createHttpsServer().listen(port, host, () => {
  console.log(`Ready to accept HTTPS connections at ${host}:${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
