// {{name}}: a Lichen Wasm app in AssemblyScript. `lichen run --app-id {{name}} ...` serves it
// in-process:
//   POST /v1.0/invoke/{{name}}/method/hello   answers a greeting
//   POST /v1.0/invoke/{{name}}/method/count   adds 1 to the key "count" in the state store
// The SDK is packages/lichen-sdk; calls return a Result<T> or a LichenError | null.
import {
  App, LichenError, Request, Response, Store, register, text, utf8,
} from "lichen-sdk/assembly/index";
export * from "lichen-sdk/assembly/exports";

class Hello extends App {
  invoke(req: Request, res: Response): LichenError | null {
    if (req.method == "hello") {
      res.header("Content-Type", "text/plain")
        .writeText("Hello from {{name}}, a Wasm app in AssemblyScript!\n");
      return null;
    }
    if (req.method == "count") {
      const store = new Store("statestore");
      const found = store.get("count");
      if (!found.ok) return found.error;
      const stored = found.unwrap();
      const count = (stored == null ? 0 : I64.parseInt(text(stored))) + 1;
      const saved = store.save("count", utf8(count.toString()));
      if (saved != null) return saved;
      res.header("Content-Type", "text/plain").writeText(count.toString());
      return null;
    }
    res.status(404).writeText("no such method\n");
    return null;
  }
}

register(new Hello());
