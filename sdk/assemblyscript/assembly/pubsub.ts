// Publishing events and subscribing to topics.
import { ListWriter, utf8 } from "./buffer";
import { LichenError, check } from "./error";
import * as sys from "./sys";

// Publishes `data` to `topic` of the pub/sub component `pubsub`, in a CloudEvent, with its
// content type (empty: text/plain), as the HTTP API's publish does.
export function publish(pubsub: string, topic: string, data: Uint8Array,
                        contentType: string = ""): LichenError | null {
  const p = utf8(pubsub);
  const t = utf8(topic);
  const c = utf8(contentType);
  return check(sys.publish(p.dataStart, p.length, t.dataStart, t.length, data.dataStart,
                           data.length, c.dataStart, c.length));
}

// As publish, with metadata as the HTTP API's `metadata.NAME` query: rawPayload ("true": no
// CloudEvent), ttlInSeconds, cloudevent.id, cloudevent.type, ... (ABI version 2).
export function publishWith(pubsub: string, topic: string, data: Uint8Array, contentType: string,
                            metadata: Map<string, string>): LichenError | null {
  const p = utf8(pubsub);
  const t = utf8(topic);
  const c = utf8(contentType);
  const m = new ListWriter().pairs(metadata).finish();
  return check(sys.publish_with(p.dataStart, p.length, t.dataStart, t.length, data.dataStart,
                                data.length, c.dataStart, c.length, m.dataStart, m.length));
}

// Subscribes the app to `topic`: its events reach App.event with `route` (a path such as
// /orders; the host adds the leading / if missing) as Event.route.
// Options: deadLetterTopic; other names are the subscription's metadata (e.g. rawPayload).
// Only in App.init (else UNAVAILABLE; ABI version 2).
export function subscribe(pubsub: string, topic: string, route: string,
                          options: Map<string, string> | null = null): LichenError | null {
  const p = utf8(pubsub);
  const t = utf8(topic);
  const r = utf8(route);
  const o = new ListWriter().pairs(options).finish();
  return check(sys.subscribe(p.dataStart, p.length, t.dataStart, t.length, r.dataStart, r.length,
                             o.dataStart, o.length));
}
