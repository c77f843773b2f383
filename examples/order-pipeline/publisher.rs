// The order pipeline's publisher (Rust, over sdk/rust): `POST orders` with an order as JSON
// (`{"id":"42",...}`) publishes it to the topic `orders` and answers 202 with the order's id.
//
// The in-memory pub/sub is per `lichen run` process, so the broker is the subscriber's sidecar:
// the order goes to its Dapr publish API (`POST /v1.0/publish/pubsub/orders`) through the
// host's outbound HTTP, at the address in the ORDERS_PUBSUB_URL variable (`--env`), which
// `--allowed-outbound-hosts` must allow. See README.md.
use lichen::{App, Error, Level, Request, Response, Result};

struct Publisher;

// The order's "id" string; orders are flat JSON objects, so a scan for the member suffices.
fn order_id(order: &str) -> Option<&str> {
    let after_key = &order[order.find("\"id\"")? + 4..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    let id = &value[..value.find('"')?];
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    Some(id)
}

impl App for Publisher {
    fn invoke(&self, req: &Request, res: &mut Response) -> Result<()> {
        if req.method() != "orders" || req.verb() != "POST" {
            res.status(404).write_str("POST orders is the only method");
            return Ok(());
        }
        let order = req.body_text();
        let id = match order_id(&order) {
            Some(id) => id,
            None => {
                res.status(400).write_str("an order is a JSON object with an \"id\" string");
                return Ok(());
            }
        };
        let pubsub = std::env::var("ORDERS_PUBSUB_URL")
            .map_err(|_| Error::new(-3, "ORDERS_PUBSUB_URL is not set (lichen run --env)"))?;
        let url = format!("{}/v1.0/publish/pubsub/orders", pubsub.trim_end_matches('/'));
        let headers = [("Content-Type", "application/json")];
        let published = lichen::http_request("POST", &url, &headers, order.as_bytes())?;
        if published.status != 204 {
            let why = format!("publish answered {}: {}", published.status, published.body_text());
            return Err(Error::new(-5, why));
        }
        lichen::log(Level::Info, &format!("published order {}", id));
        res.status(202).header("Content-Type", "application/json");
        res.write_str(&format!("{{\"id\":\"{}\"}}", id));
        Ok(())
    }
}

lichen::export_app!(Publisher);
