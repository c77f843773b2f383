// Outbound HTTP (http_request, ABI version 2), to hosts --allowed-outbound-hosts allows.
import { ListWriter, Pair, decodePairs, take, text, utf8 } from "./buffer";
import { LichenError, Result } from "./error";
import * as sys from "./sys";

export class HttpResponse {
  constructor(public status: i32, public headers: Pair[], public body: Uint8Array) {}

  // The first header called `name` (any case), or null.
  header(name: string): string | null {
    const lower = name.toLowerCase();
    for (let i = 0; i < this.headers.length; ++i) {
      if (this.headers[i].name.toLowerCase() == lower) return this.headers[i].value;
    }
    return null;
  }

  bodyText(): string {
    return text(this.body);
  }
}

// Sends `method url` with headers and a body over HTTP/1.1 (http:// or https://). Redirects
// are not followed. NOT_ALLOWED for a host not allowed, FAILED for no connection or a bad
// answer, LIMIT for a body over 16 MiB.
export function httpRequest(method: string, url: string, headers: Pair[] = [],
                            body: Uint8Array = new Uint8Array(0)): Result<HttpResponse> {
  const m = utf8(method);
  const u = utf8(url);
  const h = new ListWriter().headers(headers).finish();
  const out = new StaticArray<i32>(2);
  const status = sys.http_request(m.dataStart, m.length, u.dataStart, u.length, h.dataStart,
                                  h.length, body.dataStart, body.length, changetype<usize>(out));
  if (status < 0) return Result.err<HttpResponse>(LichenError.last(status));
  const answer = take(out[0]);
  const list = take(out[1]);
  if (!answer.ok) return Result.err<HttpResponse>(answer.error!);
  if (!list.ok) return Result.err<HttpResponse>(list.error!);
  const pairs = decodePairs(list.unwrap());
  if (!pairs.ok) return Result.err<HttpResponse>(pairs.error!);
  return Result.ok<HttpResponse>(new HttpResponse(status, pairs.unwrap(), answer.unwrap()));
}
