/**
 * A WebSocket that stays up: text `PING` every 10 s, a connection that is
 * silent (no frame, not even `PONG`) for 30 s is declared dead and replaced,
 * reconnects back off exponentially (1 s → 60 s) with jitter, and the
 * subscription is sent again on every open. Frames come out with their
 * receive time.
 *
 * @module
 */

/** Settings of a {@link ResilientSocket}. */
export interface SocketOptions {
  /** ws(s) URL. */
  url: string;
  /** The subscription, sent on every open. */
  subscribe: () => unknown;
  /** Called for each text frame with its receive time (ms). */
  onFrame: (text: string, rxMs: number) => void;
  /** Called when the connection goes up or down. */
  onState: (up: boolean, detail: string) => void;
  /** Wall clock, ms. */
  clock?: () => number;
  /** Keepalive period, ms (default 10 s). */
  pingMs?: number;
  /** Silence that declares the connection dead, ms (default 30 s). */
  deadMs?: number;
  /** First reconnect delay, ms (default 1 s). */
  backoffMs?: number;
  /** Longest reconnect delay, ms (default 60 s). */
  maxBackoffMs?: number;
}

/** A self-healing WebSocket. */
export class ResilientSocket {
  /** Connections opened so far. */
  opens = 0;
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private lastRxMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly clock: () => number;

  /**
   * A socket that will connect on `start`.
   *
   * @param o URL, subscription, callbacks, timings
   */
  constructor(private readonly o: SocketOptions) {
    this.clock = o.clock ?? (() => Date.now());
  }

  /** True while a connection is open. */
  get up(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects (and keeps reconnecting until {@link stop}). */
  start(): void {
    this.stopped = false;
    this.connect();
    const ping = this.o.pingMs ?? 10_000;
    this.timer = setInterval(() => this.keepalive(), ping);
  }

  /** Closes for good. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.retry !== undefined) clearTimeout(this.retry);
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }

  /** Drops the current connection (it reconnects), e.g. to test recovery. */
  drop(): void {
    if (this.ws) this.abandon(this.ws, "dropped");
  }

  /**
   * Gives a connection up at once: a dead peer may never answer the close
   * handshake, so we do not wait for it before reconnecting.
   */
  private abandon(ws: WebSocket, reason: string): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.o.onState(false, reason);
    this.scheduleReconnect();
    try {
      ws.close(4000, reason);
    } catch {
      // already closing
    }
  }

  /** Opens the socket and subscribes when it opens. */
  private connect(): void {
    if (this.stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.o.url);
    } catch (e) {
      this.o.onState(false, `cannot connect: ${(e as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.opens++;
      this.lastRxMs = this.clock();
      ws.send(JSON.stringify(this.o.subscribe()));
      this.o.onState(true, this.opens > 1 ? "reconnected" : "connected");
    };
    ws.onmessage = (m) => {
      this.lastRxMs = this.clock();
      this.attempt = 0; // data flows: the next drop starts the backoff afresh
      if (typeof m.data === "string") this.o.onFrame(m.data, this.lastRxMs);
    };
    ws.onerror = () => {};
    ws.onclose = (e) => {
      if (this.ws !== ws) return; // abandoned earlier
      this.ws = null;
      if (opened) this.o.onState(false, `closed (${e.code}${e.reason ? ` ${e.reason}` : ""})`);
      else this.o.onState(false, "cannot connect");
      this.scheduleReconnect();
    };
  }

  /** Reconnects after a backoff that doubles with each failure. */
  private scheduleReconnect(): void {
    if (this.stopped) return;
    const base = this.o.backoffMs ?? 1000;
    const max = this.o.maxBackoffMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** this.attempt) * (0.5 + Math.random());
    this.attempt++;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), delay);
  }

  /** PING now and then; a socket silent past the timeout is closed and reopened. */
  private keepalive(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (this.clock() - this.lastRxMs > (this.o.deadMs ?? 30_000)) {
      this.abandon(ws, "dead: no frame and no PONG");
      return;
    }
    ws.send("PING");
  }
}
