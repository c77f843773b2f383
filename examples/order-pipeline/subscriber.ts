// The order pipeline's subscriber (AssemblyScript, over sdk/assemblyscript): subscribes to the
// topic `orders` of the pub/sub `pubsub` (pubsub.sqlite, shared with the publisher's process)
// in init and writes each order into state as `order-ID`; `GET orders/ID` reads one back. See
// README.md.
import {
  App, Event, EventStatus, LichenError, Level, Request, Response, Store, log, register,
  subscribe,
} from "lichen-sdk/assembly/index";
export * from "lichen-sdk/assembly/exports";

// The order's "id" string; orders are flat JSON objects, so a scan for the member suffices.
function orderId(order: string): string {
  const key = order.indexOf('"id"');
  if (key < 0) return "";
  let at = key + 4;
  while (at < order.length && order.charAt(at) == " ") ++at;
  if (order.charAt(at) != ":") return "";
  ++at;
  while (at < order.length && order.charAt(at) == " ") ++at;
  if (order.charAt(at) != '"') return "";
  const end = order.indexOf('"', at + 1);
  return end < 0 ? "" : order.substring(at + 1, end);
}

class Subscriber extends App {
  init(): LichenError | null {
    return subscribe("pubsub", "orders", "/orders");
  }

  event(ev: Event): EventStatus {
    const id = orderId(ev.dataText());
    if (id.length == 0) {
      log(Level.Warn, "dropped an order without an id");
      return EventStatus.Drop;
    }
    const err = new Store("statestore").save("order-" + id, ev.data);
    if (err != null) {
      log(Level.Error, "order " + id + " not saved: " + err.toString());
      return EventStatus.Retry;
    }
    log(Level.Info, "saved order " + id);
    return EventStatus.Success;
  }

  invoke(req: Request, res: Response): LichenError | null {
    if (!req.method.startsWith("orders/")) {
      res.status(404).writeText("GET orders/ID is the only method");
      return null;
    }
    const found = new Store("statestore").get("order-" + req.method.substring(7));
    if (!found.ok) return found.error;
    const order = found.unwrap();
    if (order == null) {
      res.status(404).writeText("no such order");
      return null;
    }
    res.header("Content-Type", "application/json").write(order);
    return null;
  }
}

register(new Subscriber());
