//! The page in a real browser: headless Chromium (Debian's `chromium`,
//! installed by `cargo xtask setup-browser`) driven over the DevTools
//! protocol. It pastes a seed page, presses Extract, and checks the article,
//! the highlighted entities and the blocks against what the API answers for
//! the same input; screenshots at desktop and phone width go to
//! `target/browser/`.
//!
//! Without Chromium the test is skipped with a printed reason, except under
//! `CI=true`, where it fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

mod common;

use common::Server;

/// Kills and reaps a child process when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// What the API answers for the same input the page sends.
fn api_article(addr: SocketAddr, text: &str) -> Value {
    let body = json!({ "text": text }).to_string();
    let mut stream = TcpStream::connect(addr).expect("connects");
    write!(
        stream,
        "POST /v1/extract?explain=true HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let raw = String::from_utf8(raw).expect("UTF-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).expect("JSON")
}

/// A DevTools protocol connection to one page.
struct Cdp {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
}

impl Cdp {
    fn call_raw(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("sends to the browser");
        loop {
            let reply = self.socket.read().expect("reads from the browser");
            let Message::Text(text) = reply else { continue };
            let reply: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call_raw(Some(&session), method, params)
    }

    /// Evaluates a JS expression in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    fn wait_for(&mut self, expression: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while self.eval(expression) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {expression}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    fn screenshot(&mut self, path: &Path) {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("image data"))
            .expect("base64");
        std::fs::write(path, png).expect("writes the screenshot");
        println!("screenshot: {}", path.display());
    }
}

fn launch_browser(binary: &Path, profile: &Path) -> (Reaped, Cdp) {
    let mut child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (found, wait) = std::sync::mpsc::channel();
    // Keep reading stderr for the browser's whole life so it never blocks.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                let _ = found.send(url.trim().to_string());
            }
        }
    });
    let child = Reaped(child);
    let url = wait
        .recv_timeout(Duration::from_secs(30))
        .expect("chromium prints its DevTools address");
    let (socket, _) = tungstenite::connect(url.as_str()).expect("connects to DevTools");
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("sets a timeout");
    }
    let mut cdp = Cdp {
        socket,
        session: String::new(),
        next_id: 0,
    };
    let target = cdp.call_raw(None, "Target.createTarget", json!({"url": "about:blank"}));
    let attached = cdp.call_raw(
        None,
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    cdp.session = attached["sessionId"]
        .as_str()
        .expect("a session")
        .to_string();
    cdp.call("Page.enable", json!({}));
    cdp.call("Runtime.enable", json!({}));
    (child, cdp)
}

/// Scrolls the element into view and presses its centre with the mouse, as
/// a user would.
fn click(cdp: &mut Cdp, selector: &str) {
    let rect = cdp.eval(&format!(
        "(() => {{ const e = document.querySelector({}); e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()",
        json!(selector)
    ));
    let (x, y) = (rect[0].clone(), rect[1].clone());
    for kind in ["mousePressed", "mouseReleased"] {
        cdp.call(
            "Input.dispatchMouseEvent",
            json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
        );
    }
}

/// The entity mentions the page should highlight: every mention, sorted,
/// minus any that overlap an earlier one.
fn expected_marks(article: &Value) -> Vec<(u64, u64, String, String)> {
    let chars: Vec<char> = article["text"].as_str().unwrap_or("").chars().collect();
    let mut mentions = Vec::new();
    for entity in article["entities"].as_array().into_iter().flatten() {
        let label = entity["label"].as_str().unwrap_or("").to_string();
        for mention in entity["mentions"].as_array().into_iter().flatten() {
            let (Some(start), Some(end)) = (mention["start"].as_u64(), mention["end"].as_u64())
            else {
                continue;
            };
            if end > start {
                mentions.push((start, end, label.clone()));
            }
        }
    }
    mentions.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept = Vec::new();
    let mut last_end = 0;
    for (start, end, label) in mentions {
        if kept.is_empty() || start >= last_end {
            let text: String = chars
                .get(start as usize..end as usize)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            kept.push((start, end, label, text));
            last_end = end;
        }
    }
    kept
}

#[test]
fn the_page_extracts_a_pasted_seed_and_highlights_entities() {
    let Some(binary) = chromium() else {
        let reason = "chromium is not installed (run `cargo xtask setup-browser`)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser test cannot run under CI: {reason}");
        }
        println!("skipped: {reason}");
        return;
    };
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-003-suara-truncated.txt"
    ))
    .expect("the seed fixture is in the repository");
    let server = Server::start(&[]);
    let addr = server.addr;
    let expected = api_article(addr, &seed);

    let profile = std::env::temp_dir().join(format!(
        "warta-browser-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&profile).expect("creates the profile directory");
    let (browser, mut cdp) = launch_browser(&binary, &profile);

    cdp.viewport(1280, 900, false);
    cdp.call("Page.navigate", json!({"url": format!("http://{addr}/")}));
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.getElementById('extract')",
        Duration::from_secs(20),
    );
    // Paste the seed, then press the button.
    cdp.eval(&format!(
        "(() => {{ const a = document.getElementById('input'); a.value = {}; a.dispatchEvent(new Event('input')); return true; }})()",
        json!(seed)
    ));
    click(&mut cdp, "#extract");
    cdp.wait_for(
        "!document.getElementById('results').hidden && !document.getElementById('extract').disabled",
        Duration::from_secs(20),
    );
    let status = cdp.eval("document.getElementById('status').textContent");
    assert!(
        cdp.eval("document.getElementById('status').className") != json!("error"),
        "{status}"
    );

    // The article as the API gave it.
    let title = cdp.eval("document.getElementById('article-title').textContent");
    assert_eq!(
        title,
        expected["title"]
            .as_str()
            .map_or(json!("(no title found)"), |t| json!(t))
    );
    let body = cdp.eval("document.getElementById('article-body').innerText");
    let body = body.as_str().expect("body text");
    let body_blocks = expected["body"].as_array().expect("a body");
    assert!(!body_blocks.is_empty());
    for block in body_blocks {
        let text = block["text"].as_str().expect("text");
        assert!(body.contains(text), "the page shows {text:?}");
    }

    // Every highlighted entity mention, at the right characters with the
    // right type (offsets are code points; the page must not count UTF-16).
    let marks = cdp.eval(
        "[...document.querySelectorAll('#article-body mark.ent')].map(m => [Number(m.dataset.start), Number(m.dataset.end), m.dataset.label, m.textContent])",
    );
    let mut shown: Vec<(u64, u64, String, String)> = Vec::new();
    for mark in marks.as_array().expect("a list") {
        let start = mark[0].as_u64().expect("start");
        let end = mark[1].as_u64().expect("end");
        let label = mark[2].as_str().expect("label").to_string();
        let text = mark[3].as_str().expect("text").to_string();
        // A mention split across blocks shows as several marks.
        match shown.last_mut() {
            Some(last) if last.0 == start => last.3.push_str(&text),
            _ => shown.push((start, end, label, text)),
        }
    }
    let wanted = expected_marks(&expected);
    // Split mentions lose the blank line between blocks.
    let wanted: Vec<_> = wanted
        .into_iter()
        .map(|(s, e, l, t)| (s, e, l, t.replace("\n\n", "")))
        .collect();
    assert_eq!(shown, wanted);
    println!(
        "{} entity mentions highlighted; status: {status}",
        shown.len()
    );

    // The blocks view: every input block, kept or dropped as the API said.
    let blocks = cdp.eval(
        "[...document.querySelectorAll('#blocks-list li')].map(li => li.classList.contains('kept'))",
    );
    let kept: Vec<Value> = expected["blocks"]
        .as_array()
        .expect("explain gives blocks")
        .iter()
        .map(|b| b["kept"].clone())
        .collect();
    assert_eq!(blocks, Value::Array(kept));
    // The dropped filter hides the kept ones.
    click(&mut cdp, "#block-filters button[data-filter=dropped]");
    let visible_kept = cdp.eval(
        "[...document.querySelectorAll('#blocks-list li.kept')].filter(li => !li.hidden).length",
    );
    assert_eq!(visible_kept, json!(0));
    click(&mut cdp, "#block-filters button[data-filter=all]");

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser");
    std::fs::create_dir_all(&shots).expect("creates target/browser");
    cdp.screenshot(&shots.join("page-desktop.png"));

    // Phone width: nothing wider than the screen.
    cdp.viewport(390, 844, true);
    std::thread::sleep(Duration::from_millis(200));
    let width = cdp.eval("document.documentElement.scrollWidth");
    assert!(
        width.as_u64().is_some_and(|w| w <= 390),
        "the page is {width} px wide at phone width"
    );
    cdp.screenshot(&shots.join("page-phone.png"));

    // Offsets count code points: text with characters outside the BMP (two
    // UTF-16 units each) before and inside the mentions must still mark the
    // right words, and every fact list must render.
    cdp.viewport(1280, 900, false);
    let first = "😀 Presiden Joko Widodo tiba di Jakarta.";
    let second = "𝒳 Bank membayar Rp 5 miliar.";
    let text = format!("{first}\n\n{second}");
    let at = |needle: &str| {
        let byte = text.find(needle).expect("in the text");
        let start = text[..byte].chars().count();
        json!({"start": start, "end": start + needle.chars().count()})
    };
    let synthetic = json!({
        "schema": "warta/article@1", "id": null, "url": null, "input": "text", "language": "id",
        "title": "Uji", "description": null, "authors": [], "published": null, "modified": null,
        "site_name": null, "agency": null, "dateline": null,
        "body": [{"kind": "paragraph", "text": first}, {"kind": "heading", "text": second}],
        "text": text, "images": [], "related": [], "tags": [], "categories": [], "truncated": false,
        "entities": [
            {"name": "Joko Widodo", "label": "PER", "mentions": [at("Joko Widodo")]},
            {"name": "Jakarta", "label": "LOC", "mentions": [at("Jakarta")]},
            {"name": "𝒳 Bank", "label": "ORG", "mentions": [at("𝒳 Bank")]}
        ],
        "dates": [{"text": "Rabu (20/10)", "date": null, "start": 0, "end": 1, "warning": "year unknown"}],
        "money": [{"text": "Rp 5 miliar", "amount": 5000000000u64, "currency": "IDR", "start": 0, "end": 1}],
        "quotes": [{"text": "Kami puas", "speaker": "Joko Widodo", "direct": true, "start": 0, "end": 1}],
        "warnings": [], "blocks": []
    });
    cdp.eval(&format!(
        "(() => {{ render({synthetic}); return true; }})()"
    ));
    let marks = cdp.eval(
        "[...document.querySelectorAll('#article-body mark.ent')].map(m => [m.dataset.label, m.textContent])",
    );
    assert_eq!(
        marks,
        json!([
            ["PER", "Joko Widodo"],
            ["LOC", "Jakarta"],
            ["ORG", "𝒳 Bank"]
        ])
    );
    let lists =
        cdp.eval("['dates', 'money', 'quotes'].map(id => document.getElementById(id).textContent)");
    assert!(lists[0]
        .as_str()
        .is_some_and(|t| t.contains("Rabu (20/10)")));
    assert!(lists[1]
        .as_str()
        .is_some_and(|t| t.contains("5,000,000,000") && t.contains("IDR")));
    assert!(lists[2]
        .as_str()
        .is_some_and(|t| t.contains("Joko Widodo") && t.contains("Kami puas")));
    cdp.screenshot(&shots.join("page-facts.png"));

    drop(cdp);
    drop(browser);
    let _ = std::fs::remove_dir_all(&profile);
}
