// The pub/sub event being served (event_get) and the handler's answer.
import { take, takeText, text } from "./buffer";
import { Result } from "./error";
import * as sys from "./sys";

// What the app did with an event (pub/sub's delivery rules follow from it).
export enum EventStatus {
  Success = 0, // handled: acknowledged
  Retry = 1, // not now: retried (or sent to the dead-letter topic)
  Drop = 2, // never: acknowledged and logged
}

// A pub/sub event, read from the host when the handler starts.
export class Event {
  pubsub: string = "";
  topic: string = "";
  route: string = ""; // a path (/orders) as subscribe or Subscription YAML gave it, "/" added
  id: string = ""; // the CloudEvent's id
  type: string = ""; // the CloudEvent's type
  contentType: string = "";
  data: Uint8Array = new Uint8Array(0); // `data` (`data_base64` decoded), or a raw payload

  static read(): Result<Event> {
    const fields = new Array<string>();
    for (let i = 0; i < 6; ++i) {
      const field = takeText(sys.event_get(i));
      if (!field.ok) return Result.err<Event>(field.error!);
      fields.push(field.unwrap());
    }
    const data = take(sys.event_get(6));
    if (!data.ok) return Result.err<Event>(data.error!);
    const ev = new Event();
    ev.pubsub = fields[0];
    ev.topic = fields[1];
    ev.route = fields[2];
    ev.id = fields[3];
    ev.type = fields[4];
    ev.contentType = fields[5];
    ev.data = data.unwrap();
    return Result.ok<Event>(ev);
  }

  // The data as text.
  dataText(): string {
    return text(this.data);
  }
}
