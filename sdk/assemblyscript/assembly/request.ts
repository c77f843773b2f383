// The invocation being served (request_* imports) and the answer being built (response_*).
import { Pair, decodePairs, take, takeText, text, utf8 } from "./buffer";
import { LichenError, Result, check } from "./error";
import * as sys from "./sys";

// A service invocation, read from the host when the handler starts.
export class Request {
  verb: string = ""; // GET, POST, ...
  method: string = ""; // the method path, decoded, without its leading "/"
  query: string = ""; // still encoded, without the "?"
  body: Uint8Array = new Uint8Array(0);
  contentType: string = "";

  static read(): Result<Request> {
    const req = new Request();
    const fields = new Array<Result<string>>();
    for (let i = 0; i < 5; ++i) {
      if (i == 3) continue;
      const field = takeText(sys.request_get(i));
      if (!field.ok) return Result.err<Request>(field.error!);
      fields.push(field);
    }
    const body = take(sys.request_get(3));
    if (!body.ok) return Result.err<Request>(body.error!);
    req.verb = fields[0].unwrap();
    req.method = fields[1].unwrap();
    req.query = fields[2].unwrap();
    req.contentType = fields[3].unwrap();
    req.body = body.unwrap();
    return Result.ok<Request>(req);
  }

  // The body as text.
  bodyText(): string {
    return text(this.body);
  }

  // A request header's value (the name in any case); null when absent.
  header(name: string): Result<string | null> {
    const n = utf8(name);
    const handle = sys.request_header(n.dataStart, n.length);
    if (handle < 0) return Result.err<string | null>(LichenError.last(handle));
    if (handle == 0) return Result.ok<string | null>(null);
    const value = takeText(handle);
    if (!value.ok) return Result.err<string | null>(value.error!);
    return Result.ok<string | null>(value.unwrap());
  }

  // Every header as (lower-case name, value), without the sidecar's tokens (ABI version 2).
  headers(): Result<Pair[]> {
    const list = take(sys.request_get(5));
    if (!list.ok) return Result.err<Pair[]>(list.error!);
    return decodePairs(list.unwrap());
  }
}

// The answer to an invocation. It is kept in the guest until the handler returns, so a handler
// that fails answers a clean 500 rather than half a response.
export class Response {
  private statusCode: i32 = 0; // 0: the host's default, 200
  private headerList: Pair[] = [];
  private chunks: Uint8Array[] = [];
  declined: bool = false;

  // Sets the HTTP status (100..599; default 200).
  status(status: i32): Response {
    this.statusCode = status;
    return this;
  }

  // Adds a header (Content-Type sets the content type).
  header(name: string, value: string): Response {
    this.headerList.push(new Pair(name, value));
    return this;
  }

  // Appends bytes to the body.
  write(data: Uint8Array): Response {
    this.chunks.push(data);
    return this;
  }

  // Appends text to the body.
  writeText(value: string): Response {
    return this.write(utf8(value));
  }

  // Hands the response to the host.
  send(): LichenError | null {
    if (this.statusCode != 0) {
      const err = check(sys.response_status(this.statusCode));
      if (err != null) return err;
    }
    for (let i = 0; i < this.headerList.length; ++i) {
      const name = utf8(this.headerList[i].name);
      const value = utf8(this.headerList[i].value);
      const err = check(sys.response_header(name.dataStart, name.length, value.dataStart, value.length));
      if (err != null) return err;
    }
    for (let i = 0; i < this.chunks.length; ++i) {
      const chunk = this.chunks[i];
      const err = check(sys.response_write(chunk.dataStart, chunk.length));
      if (err != null) return err;
    }
    return null;
  }
}
