// Bindings (ABI version 2): the input-binding event being served (binding_get) and output
// bindings (binding_invoke).
import { ListWriter, Pair, decodePairs, take, takeText, text, utf8 } from "./buffer";
import { LichenError, Result } from "./error";
import * as sys from "./sys";

// An input-binding event (e.g. a bindings.cron tick), read from the host when the handler
// starts.
export class BindingEvent {
  name: string = ""; // the binding's component name
  data: Uint8Array = new Uint8Array(0);
  metadata: Pair[] = []; // cron: timeZone, readTimeUTC

  static read(): Result<BindingEvent> {
    const name = takeText(sys.binding_get(0));
    if (!name.ok) return Result.err<BindingEvent>(name.error!);
    const data = take(sys.binding_get(1));
    if (!data.ok) return Result.err<BindingEvent>(data.error!);
    const list = take(sys.binding_get(2));
    if (!list.ok) return Result.err<BindingEvent>(list.error!);
    const pairs = decodePairs(list.unwrap());
    if (!pairs.ok) return Result.err<BindingEvent>(pairs.error!);
    const ev = new BindingEvent();
    ev.name = name.unwrap();
    ev.data = data.unwrap();
    ev.metadata = pairs.unwrap();
    return Result.ok<BindingEvent>(ev);
  }

  // The value of the metadata entry `name`, or null.
  meta(name: string): string | null {
    for (let i = 0; i < this.metadata.length; ++i) {
      if (this.metadata[i].name == name) return this.metadata[i].value;
    }
    return null;
  }

  dataText(): string {
    return text(this.data);
  }
}

// What an output binding answered: its data and metadata.
export class BindingResponse {
  constructor(public data: Uint8Array, public metadata: Pair[]) {}

  dataText(): string {
    return text(this.data);
  }
}

// Invokes the output binding `name` with an operation (create, get, ...), data and metadata,
// as `POST /v1.0/bindings/NAME` does. NOT_FOUND when there is no such output binding, FAILED
// when the binding fails.
export function bindingInvoke(name: string, operation: string,
                              data: Uint8Array = new Uint8Array(0),
                              metadata: Map<string, string> | null = null): Result<BindingResponse> {
  const n = utf8(name);
  const o = utf8(operation);
  const m = new ListWriter().pairs(metadata).finish();
  const out = new StaticArray<i32>(2);
  const rc = sys.binding_invoke(n.dataStart, n.length, o.dataStart, o.length, data.dataStart,
                                data.length, m.dataStart, m.length, changetype<usize>(out));
  if (rc < 0) return Result.err<BindingResponse>(LichenError.last(rc));
  const answer = take(out[0]);
  const list = take(out[1]);
  if (!answer.ok) return Result.err<BindingResponse>(answer.error!);
  if (!list.ok) return Result.err<BindingResponse>(list.error!);
  const pairs = decodePairs(list.unwrap());
  if (!pairs.ok) return Result.err<BindingResponse>(pairs.error!);
  return Result.ok<BindingResponse>(new BindingResponse(answer.unwrap(), pairs.unwrap()));
}
