// Service invocation (another app, this one, an HTTP app) and secrets.
import { take, takeText, text, utf8 } from "./buffer";
import { LichenError, Result } from "./error";
import * as sys from "./sys";

// What an invoked app answered: its status (a 404 or 500 of the app is an answer, not an
// error) and its body.
export class InvokeResponse {
  constructor(public status: i32, public body: Uint8Array) {}

  bodyText(): string {
    return text(this.body);
  }
}

// Invokes `method` of the app `appId` through service invocation with `verb` (empty: POST), a
// body and its content type (empty: none).
export function invoke(appId: string, verb: string, method: string,
                       body: Uint8Array = new Uint8Array(0),
                       contentType: string = ""): Result<InvokeResponse> {
  const a = utf8(appId);
  const v = utf8(verb);
  const m = utf8(method);
  const c = utf8(contentType);
  const out = new StaticArray<i32>(1);
  const status = sys.invoke(a.dataStart, a.length, v.dataStart, v.length, m.dataStart, m.length,
                            body.dataStart, body.length, c.dataStart, c.length,
                            changetype<usize>(out));
  if (status < 0) return Result.err<InvokeResponse>(LichenError.last(status));
  const answer = take(out[0]);
  if (!answer.ok) return Result.err<InvokeResponse>(answer.error!);
  return Result.ok<InvokeResponse>(new InvokeResponse(status, answer.unwrap()));
}

// The secret `name` of the secret store `store`, as the JSON object the store gives
// ({"key":"value"}). NOT_ALLOWED outside the app's secret scopes.
export function secretGet(store: string, name: string): Result<string> {
  const s = utf8(store);
  const n = utf8(name);
  return takeText(sys.secret_get(s.dataStart, s.length, n.dataStart, n.length));
}
