// The Rust SDK's test app: each method calls part of sdk/rust and answers what it saw, in the
// same text protocol as as_sdk_app.ts, so sdk_test.cc drives both apps with one test
// (a field per `|`; an error as its code).
use lichen::state::Store;
use lichen::{
    App, BindingEvent, Concurrency, Consistency, Error, Event, EventStatus, GetOptions, Level,
    Operation, Request, Response, Result, WriteOptions,
};

struct SdkApp;

// An app that overrides nothing: its invoke is the SDK's default.
struct Plain;
impl App for Plain {}

fn store() -> Store<'static> {
    Store::new("statestore")
}

fn text(bytes: Option<Vec<u8>>) -> String {
    bytes.map_or("absent".to_string(), |b| {
        String::from_utf8_lossy(&b).into_owned()
    })
}

// An error's code, or "ok".
fn code<T>(result: Result<T>) -> String {
    result.map_or_else(|e| e.code().to_string(), |_| "ok".to_string())
}

impl SdkApp {
    fn echo(&self, req: &Request, res: &mut Response) -> Result<String> {
        res.status(201).header("X-Echo", "yes");
        let header = req.header("x-test")?.unwrap_or_else(|| "-".to_string());
        let parts = [
            req.verb(),
            req.method(),
            req.query(),
            req.content_type(),
            &header,
        ];
        Ok(format!("{}|{}", parts.join("|"), req.body_text()))
    }

    fn headers(&self, req: &Request) -> Result<String> {
        let mut names: Vec<String> = req
            .headers()?
            .into_iter()
            .filter(|(n, _)| n.starts_with("x-") || n.contains("token"))
            .map(|(n, v)| format!("{}={}", n, v))
            .collect();
        names.sort();
        Ok(names.join(","))
    }

    fn state(&self, req: &Request) -> Result<String> {
        let s = store();
        s.save("k", req.body())?;
        let value = text(s.get("k")?);
        let first = s.get_item("k")?.and_then(|i| i.etag).unwrap_or_default();
        let stale = code(s.save_with("k", b"x", &WriteOptions::new().etag("999999")));
        s.save_with("k", b"second", &WriteOptions::new().etag(&first))?;
        let item = s.get_item("k")?.expect("saved");
        let changed = item.etag.clone().map_or(false, |e| e != first);
        let stale_delete = code(s.delete_with("k", &WriteOptions::new().etag(&first)));
        s.delete_with(
            "k",
            &WriteOptions::new().etag(&item.etag.unwrap_or_default()),
        )?;
        let after = text(s.get("k")?);
        Ok(format!(
            "{}|{}|{}|{}|{}|{}",
            value,
            stale,
            text(Some(item.value)),
            changed,
            stale_delete,
            after
        ))
    }

    fn missing(&self) -> String {
        match Store::new("nostore").get("k") {
            Ok(_) => "no error".to_string(),
            Err(e) => format!("{}|{:?}|{}", e.code(), e.kind(), !e.message().is_empty()),
        }
    }

    fn options(&self) -> Result<String> {
        let s = store();
        let strong = WriteOptions::new()
            .consistency(Consistency::Strong)
            .concurrency(Concurrency::FirstWrite)
            .metadata("note", "sdk");
        s.save_with("opt", b"kept", &strong)?;
        s.save_with("ttl", b"brief", &WriteOptions::new().ttl(1))?;
        let read = GetOptions::new()
            .consistency(Consistency::Eventual)
            .metadata("note", "sdk");
        let item = s.get_with("opt", &read)?.expect("saved");
        let gone = WriteOptions::new()
            .consistency(Consistency::Strong)
            .concurrency(Concurrency::LastWrite);
        s.save_with(
            "gone",
            b"x",
            &WriteOptions::new().concurrency(Concurrency::LastWrite),
        )?;
        s.delete_with("gone", &gone)?;
        let bad = code(s.save_with(
            "opt",
            b"x",
            &WriteOptions::new().metadata("ttlInSeconds", "soon"),
        ));
        Ok(format!(
            "{}|{}|{}|{}",
            text(Some(item.value)),
            item.etag.is_some(),
            text(s.get("gone")?),
            bad
        ))
    }

    // Every item, two keys, a missing store: "mode=fast@2{env=prod},size=10@{}|size|-4".
    fn config(&self) -> Result<String> {
        let show = |items: Vec<lichen::ConfigItem>| {
            let shown: Vec<String> = items
                .iter()
                .map(|i| {
                    let meta: Vec<String> = i
                        .metadata
                        .iter()
                        .map(|(n, v)| format!("{}={}", n, v))
                        .collect();
                    format!("{}={}@{}{{{}}}", i.key, i.value, i.version, meta.join(","))
                })
                .collect();
            shown.join(",")
        };
        let all = show(lichen::config_get("settings", &[], &[])?);
        let some = lichen::config_get("settings", &["size", "absent"], &[("note", "sdk")])?;
        let keys: Vec<String> = some.into_iter().map(|i| i.key).collect();
        let missing = lichen::config_get("nostore", &[], &[])
            .err()
            .map_or(0, |e| e.code());
        Ok(format!("{}|{}|{}", all, keys.join(","), missing))
    }

    // Take, contend, release twice, a malformed expiry: "true|false|LockBelongsToOthers|
    // Success|LockDoesNotExist|-3".
    fn lock(&self) -> Result<String> {
        let first = lichen::try_lock("locks", "res", "a", 30)?;
        let second = lichen::try_lock("locks", "res", "b", 30)?;
        let wrong = lichen::unlock("locks", "res", "b")?;
        let released = lichen::unlock("locks", "res", "a")?;
        let again = lichen::unlock("locks", "res", "a")?;
        let bad = lichen::try_lock("locks", "res", "a", 0)
            .err()
            .map_or(0, |e| e.code());
        Ok(format!(
            "{}|{}|{:?}|{:?}|{:?}|{}",
            first, second, wrong, released, again, bad
        ))
    }

    fn bulk(&self) -> Result<String> {
        let s = store();
        s.save("b1", b"one")?;
        s.save("b2", b"two")?;
        let items = s.get_bulk(&["b1", "nope", "b2"], &[("note", "sdk")])?;
        let shown: Vec<String> = items
            .into_iter()
            .map(|i| match i.result {
                Ok(Some(item)) => format!(
                    "{}={}{}",
                    i.key,
                    text(Some(item.value)),
                    if item.etag.is_some() { "+etag" } else { "" }
                ),
                Ok(None) => format!("{}=absent", i.key),
                Err(message) => format!("{}=failed:{}", i.key, message),
            })
            .collect();
        Ok(shown.join(","))
    }

    fn transaction(&self) -> Result<String> {
        let s = store();
        s.save("t0", b"old")?;
        s.transaction(
            &[
                Operation::upsert("t1", b"x"),
                Operation::upsert("t2", b"y").with(WriteOptions::new().ttl(60)),
                Operation::delete("t0"),
            ],
            &[("note", "sdk")],
        )?;
        let etag = s.get_item("t1")?.and_then(|i| i.etag).unwrap_or_default();
        let stale = code(s.transaction(
            &[
                Operation::upsert("t3", b"z"),
                Operation::upsert("t1", b"w").with(WriteOptions::new().etag(&format!("{}9", etag))),
            ],
            &[],
        ));
        Ok(format!(
            "{}|{}|{}|{}|{}",
            text(s.get("t1")?),
            text(s.get("t2")?),
            text(s.get("t0")?),
            stale,
            text(s.get("t3")?)
        ))
    }

    // The output binding `files` (bindings.localstorage): create a file, read it back; and one
    // that does not exist.
    fn binding_calls(&self, req: &Request) -> Result<String> {
        let name = [("fileName", "sdk.txt")];
        let created = lichen::binding_invoke("files", "create", req.body(), &name)?;
        let got = lichen::binding_invoke("files", "get", b"", &name)?;
        let missing = code(lichen::binding_invoke("nobinding", "create", b"x", &[]));
        Ok(format!(
            "{}|{}|{}",
            created.data_text(),
            got.data_text(),
            missing
        ))
    }

    // Lines of the body: a URL to GET, one not allowed, one to POST a JSON body to.
    fn http(&self, req: &Request) -> String {
        let body = req.body_text();
        let urls: Vec<&str> = body.split('\n').collect();
        let url = |i: usize| urls.get(i).copied().unwrap_or("");
        let got = match lichen::http_request("GET", url(0), &[("x-sdk", "yes")], b"") {
            Ok(r) => {
                let has_type = r.header("content-type").is_some();
                format!("{}|{}|{}", r.status, has_type, r.body_text())
            }
            Err(e) => format!("error {}", e),
        };
        let denied = code(lichen::http_request("GET", url(1), &[], b""));
        let json = [("Content-Type", "application/json")];
        let saved = br#"[{"key":"k-post","value":"posted"}]"#;
        let posted = match lichen::http_request("POST", url(2), &json, saved) {
            Ok(r) => r.status.to_string(),
            Err(e) => format!("error {}", e),
        };
        format!("{}|{}|{}", got, denied, posted)
    }
}

impl App for SdkApp {
    fn init(&self) -> Result<()> {
        store().save("init", b"done")?;
        lichen::subscribe(
            "pubsub",
            "sdk",
            "/sdk-route",
            &[("deadLetterTopic", "sdk-dead")],
        )?;
        lichen::subscribe("pubsub", "sdk-dead", "/dead", &[])?;
        lichen::subscribe("pubsub", "raw", "/raw", &[("rawPayload", "true")])?;
        lichen::log(Level::Info, "sdk app initialised");
        Ok(())
    }

    fn invoke(&self, req: &Request, res: &mut Response) -> Result<()> {
        let answer = match req.method() {
            "echo" => self.echo(req, res)?,
            "headers" => self.headers(req)?,
            "state" => self.state(req)?,
            "missing" => self.missing(),
            "options" => self.options()?,
            "bulk" => self.bulk()?,
            "transaction" => self.transaction()?,
            "publish" => code(lichen::publish("pubsub", "sdk", req.body(), "text/plain")),
            "publish_with" => code(lichen::publish_with(
                "pubsub",
                "sdk",
                req.body(),
                "text/plain",
                &[("cloudevent.type", "sdk.test")],
            )),
            "publish_raw" => code(lichen::publish_with(
                "pubsub",
                "raw",
                req.body(),
                "text/plain",
                &[("rawPayload", "true")],
            )),
            "binding" => self.binding_calls(req)?,
            "no_pubsub" => code(lichen::publish("nopubsub", "sdk", b"x", "")),
            "subscribe_late" => code(lichen::subscribe("pubsub", "late", "/late", &[])),
            "invoke" => {
                let r = lichen::invoke(&req.body_text(), "PUT", "echo", b"inner", "text/plain")?;
                format!("{}|{}", r.status, r.body_text())
            }
            "secret" => lichen::secret_get("envsecrets", "LICHEN_TEST_SECRET")?,
            "no_secretstore" => code(lichen::secret_get("nostore", "X")),
            "http" => self.http(req),
            "config" => self.config()?,
            "lock" => self.lock()?,
            "log" => {
                lichen::log(Level::Warn, &format!("sdk log line: {}", req.body_text()));
                "logged".to_string()
            }
            // The default handler declines: the host answers 404.
            "decline" => return Plain.invoke(req, res),
            "fail" => return Err(Error::new(-5, "handler failed on purpose")),
            _ => {
                res.status(404);
                "no such method".to_string()
            }
        };
        res.write_str(&answer);
        Ok(())
    }

    fn binding(&self, ev: &BindingEvent) -> Result<()> {
        let has_time = ev.metadata("readTimeUTC").map_or(false, |t| !t.is_empty());
        store().save("tick", format!("{}|{}", ev.name, has_time).as_bytes())
    }

    fn event(&self, ev: &Event) -> Result<EventStatus> {
        let data = ev.data_text();
        if ev.route == "/raw" {
            store().save("raw", data.as_bytes())?;
            return Ok(EventStatus::Success);
        }
        if ev.route == "/dead" {
            store().save("dead", data.as_bytes())?;
            return Ok(EventStatus::Success);
        }
        match data.as_str() {
            "retry" => return Ok(EventStatus::Retry),
            "drop" => return Ok(EventStatus::Drop),
            _ => {}
        }
        let seen = [
            &ev.pubsub,
            &ev.topic,
            &ev.route,
            &ev.event_type,
            &ev.content_type,
            &data,
        ];
        let id_ok = !ev.id.is_empty();
        let line = format!(
            "{}|{}",
            seen.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            id_ok
        );
        store().save("event", line.as_bytes())?;
        Ok(EventStatus::Success)
    }
}

lichen::export_app!(SdkApp);
