// The order pipeline's publisher (Rust, over sdk/rust): `POST orders` with an order as JSON
// (`{"id":"42",...}`) publishes it to the topic `orders` of the pub/sub `pubsub` and answers
// 202 with the order's id. The pub/sub is `pubsub.sqlite` (resources/components.yaml), a broker
// in one file that the subscriber's `lichen run` process shares. See README.md.
use lichen::{App, Level, Request, Response, Result};

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
                res.status(400)
                    .write_str("an order is a JSON object with an \"id\" string");
                return Ok(());
            }
        };
        lichen::publish("pubsub", "orders", order.as_bytes(), "application/json")?;
        lichen::log(Level::Info, &format!("published order {}", id));
        res.status(202).header("Content-Type", "application/json");
        res.write_str(&format!("{{\"id\":\"{}\"}}", id));
        Ok(())
    }
}

lichen::export_app!(Publisher);
