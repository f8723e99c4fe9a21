import assert from "node:assert/strict";
import { ResilientSocket } from "../../lib/exchange/mod.ts";
import { until } from "../_wait.ts";

/** A WebSocket server that records what clients send and can go silent or drop them. */
function server() {
  const received: string[] = [];
  const sockets = new Set<WebSocket>();
  const state = { silent: false };
  const srv = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.onopen = () => sockets.add(socket);
    socket.onclose = () => sockets.delete(socket);
    socket.onmessage = (m) => {
      received.push(String(m.data));
      if (state.silent) return;
      if (m.data === "PING") socket.send("PONG");
      else socket.send(`echo ${m.data}`);
    };
    return response;
  });
  return {
    url: `ws://127.0.0.1:${srv.addr.port}/ws/market`,
    received,
    sockets,
    state,
    dropAll: () => sockets.forEach((s) => s.close(1001, "going away")),
    stop: () => srv.shutdown(),
  };
}

Deno.test("socket: subscribes on open, pings, reconnects and resubscribes after a drop", async () => {
  const s = server();
  const frames: string[] = [];
  const states: string[] = [];
  const ws = new ResilientSocket({
    url: s.url,
    subscribe: () => ({ type: "market", assets_ids: ["1"] }),
    onFrame: (t) => frames.push(t),
    onState: (up, d) => states.push(`${up ? "up" : "down"}:${d}`),
    pingMs: 50,
    backoffMs: 20,
  });
  try {
    ws.start();
    await until("a PONG", () => frames.includes("PONG"));
    assert.equal(s.received[0], '{"type":"market","assets_ids":["1"]}');
    assert.ok(frames.includes('echo {"type":"market","assets_ids":["1"]}'));
    s.dropAll();
    // the server's view is the witness: the second subscription has arrived
    const subs = () => s.received.filter((m) => m.startsWith("{")).length;
    await until("the second subscription", () => subs() === 2 && ws.up);
    assert.equal(ws.opens, 2);
    assert.deepEqual(states.slice(0, 2), ["up:connected", "down:closed (1001 going away)"]);
    assert.equal(states[2], "up:reconnected");
  } finally {
    ws.stop();
    await s.stop();
  }
});

Deno.test("socket: a silent peer is declared dead and replaced", async () => {
  const s = server();
  const states: string[] = [];
  const ws = new ResilientSocket({
    url: s.url,
    subscribe: () => ({}),
    onFrame: () => {},
    onState: (up, d) => states.push(`${up ? "up" : "down"}:${d}`),
    pingMs: 30,
    deadMs: 150,
    backoffMs: 20,
  });
  try {
    ws.start();
    await until("connected", () => ws.up);
    s.state.silent = true;
    await until("declared dead", () => states.some((x) => x.startsWith("down:dead")));
    s.state.silent = false;
    await until("replaced", () => ws.opens >= 2 && ws.up);
  } finally {
    ws.stop();
    await s.stop();
  }
});

Deno.test("socket: an unreachable host backs off and keeps trying until stopped", async () => {
  const s = server();
  const url = s.url;
  await s.stop();
  const states: string[] = [];
  const ws = new ResilientSocket({
    url,
    subscribe: () => ({}),
    onFrame: () => {},
    onState: (up, d) => states.push(`${up}:${d}`),
    backoffMs: 10,
    maxBackoffMs: 40,
  });
  ws.start();
  await until("3 attempts", () => states.length >= 3);
  ws.stop();
  assert.ok(states.every((x) => x === "false:cannot connect"));
});
