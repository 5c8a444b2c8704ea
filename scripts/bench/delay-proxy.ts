// A TCP relay that puts a cloud at a distance: bytes wait half the round-trip time each way,
// and a new connection waits one round trip (its handshake) before its first bytes go on.
// The benchmark sets the round-trip time between measurements; 0 relays at once.
import net from "node:net";

export class DelayProxy {
  /** The added round-trip time, in ms. */
  rttMs = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.relay(client));
  }

  /** Listens on a loopback port (0: any free one); resolves with the port. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () =>
        resolve((this.server.address() as net.AddressInfo).port),
      );
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket) {
    const upstream = net.connect(this.target);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      this.sockets.add(s);
      s.once("close", () => this.sockets.delete(s));
      s.once("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // The first request bytes wait for the handshake the distance would have cost. A kept-alive
    // connection takes the round-trip time set now, not the one it was opened with.
    const handshakeDone = Date.now() + this.rttMs;
    forward(client, upstream, () => Math.max(handshakeDone - Date.now(), 0) + this.rttMs / 2);
    forward(upstream, client, () => this.rttMs / 2);
  }
}

/** Passes `from`'s bytes and end to `to`, each after `delay()` ms, in the order they came. */
function forward(from: net.Socket, to: net.Socket, delay: () => number) {
  const queue: { at: number; send: () => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    while (queue.length > 0 && queue[0]!.at <= Date.now()) queue.shift()!.send();
    if (queue.length > 0) timer = setTimeout(flush, queue[0]!.at - Date.now());
  };
  const later = (send: () => void) => {
    queue.push({ at: Math.max(Date.now() + delay(), queue.at(-1)?.at ?? 0), send });
    if (!timer) flush();
  };
  from.on("data", (chunk) => later(() => to.writable && to.write(chunk)));
  from.once("end", () => later(() => to.end()));
}
