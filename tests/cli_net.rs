//! `afflink resolve` and `afflink check` against a local imitation of the programs' sites
//! (`tests/cases/net.json`). No test reaches the internet: every request goes to the
//! server below through the `AFFLINK_TEST_UPSTREAM` test hook, which keeps the original
//! host in the `Host` header; inputs that must not be requested are checked not to be.

#[path = "common/scratch.rs"]
mod scratch;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;

const CASES: &str = include_str!("cases/net.json");

fn cases() -> Value {
    serde_json::from_str(CASES).expect("tests/cases/net.json is JSON")
}

/// One request the server received: `host + target`, and its headers (names lower-cased).
#[derive(Debug, Clone)]
struct Seen {
    at: String,
    headers: Vec<(String, String)>,
}

/// The imitation server: answers from the routing table, records every request.
struct Upstream {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Upstream {
    fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut routes = HashMap::new();
        for r in cases()["routes"].as_array().unwrap() {
            let key = format!(
                "{}{}",
                r["host"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            );
            routes.insert(key, r.clone());
        }
        let routes = Arc::new(routes);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log) = (Arc::clone(&routes), Arc::clone(&log));
                std::thread::spawn(move || serve(stream, &routes, &log));
            }
        });
        Upstream { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Runs the binary with the test hook pointing here.
    fn afflink(&self, args: &[&str], stdin: &str) -> Output {
        run(args, stdin, &self.url)
    }
}

fn serve(stream: TcpStream, routes: &HashMap<String, Value>, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let target = request_line.split(' ').nth(1).unwrap_or("").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let host = headers
        .iter()
        .find(|(n, _)| n == "host")
        .map_or("", |(_, v)| v.as_str())
        .to_owned();
    let at = format!("{host}{target}");
    log.lock().unwrap().push(Seen {
        at: at.clone(),
        headers,
    });
    let mut stream = reader.into_inner();
    let Some(route) = routes.get(&at) else {
        let _ = write!(
            stream,
            "HTTP/1.1 599 No Route\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return;
    };
    let status = route["status"].as_u64().unwrap();
    if status == 0 {
        return; // the connection closes without an answer
    }
    let body = route["body"].as_str().unwrap_or("");
    let mut head = format!("HTTP/1.1 {status} Imitation\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if let Some(location) = route["location"].as_str() {
        head += &format!("Location: {location}\r\n");
    }
    if let Some(encoding) = route["contentEncoding"].as_str() {
        head += &format!("Content-Encoding: {encoding}\r\n");
    }
    if let Some(cookie) = route["setCookie"].as_str() {
        head += &format!("Set-Cookie: {cookie}\r\n");
    }
    let _ = write!(stream, "{head}\r\n{body}");
}

fn run(args: &[&str], stdin: &str, upstream: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_afflink"))
        .args(args)
        .env("AFFLINK_TEST_UPSTREAM", upstream)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("afflink runs");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn lines(out: &Output) -> Vec<Value> {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The expected line with `reason` written as its code, as the case file writes it.
fn reason_as_code(mut line: Value) -> Value {
    if let Some(code) = line["reason"]["code"].as_str() {
        let message = line["reason"]["message"].as_str().unwrap_or("");
        assert!(!message.is_empty(), "a reason has a message: {line}");
        line["reason"] = Value::from(code);
    }
    line
}

fn compare(command: &str, results: &[Value]) {
    let cases = cases()[command].as_array().unwrap().clone();
    assert_eq!(results.len(), cases.len(), "one line per input");
    let failures: Vec<String> = cases
        .iter()
        .zip(results)
        .filter_map(|(case, got)| {
            let got = reason_as_code(got.clone());
            (got != case["expect"]).then(|| {
                format!(
                    "{command} {}:\n  want {}\n  got  {got}",
                    case["input"], case["expect"]
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn inputs(command: &str) -> Vec<String> {
    cases()[command]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["input"].as_str().unwrap().to_owned())
        .collect()
}

/// What the commands must never do, whatever they ran: request a foreign host, a plain-http
/// hop or a page that needed no request; send a cookie back; hide who they are.
fn check_requests(seen: &[Seen]) {
    assert!(!seen.is_empty());
    for never in cases()["neverRequested"].as_array().unwrap() {
        let never = never.as_str().unwrap();
        assert!(seen.iter().all(|s| s.at != never), "{never} was requested");
    }
    for s in seen {
        assert!(
            s.headers.iter().all(|(n, _)| n != "cookie"),
            "a cookie was sent to {}: {:?}",
            s.at,
            s.headers
        );
        let agent = s
            .headers
            .iter()
            .find(|(n, _)| n == "user-agent")
            .map(|(_, v)| v.as_str());
        let want = format!("afflink/{} ", env!("CARGO_PKG_VERSION"));
        assert!(
            agent.is_some_and(|a| a.starts_with(&want)),
            "User-Agent {agent:?} of {}",
            s.at
        );
    }
}

#[test]
fn resolve_follows_program_hosts_only() {
    let server = Upstream::start();
    let inputs = inputs("resolve");
    let mut args = vec!["resolve", "--delay-ms", "0"];
    args.extend(inputs.iter().map(String::as_str));
    let out = server.afflink(&args, "ignored when links are given\n");
    compare("resolve", &lines(&out));
    let seen = server.seen();
    check_requests(&seen);
    // The short link's hops set cookies; the next hop sent none back (checked above).
    assert!(seen
        .iter()
        .any(|s| s.at == "s.click.aliexpress.com/e/_dHop2"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("afflink resolve: "), "progress: {stderr}");
}

#[test]
fn check_reads_stdin_and_reports_health() {
    let server = Upstream::start();
    let stdin: String = inputs("check").iter().map(|i| format!("{i}\n")).collect();
    let out = server.afflink(&["check", "--delay-ms", "0"], &stdin);
    compare("check", &lines(&out));
    check_requests(&server.seen());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let total = inputs("check").len();
    assert!(
        stderr.contains(&format!("afflink check: {total}/{total} ")),
        "progress: {stderr}"
    );
}

#[test]
fn check_reads_the_links_of_a_rewrite_input() {
    let server = Upstream::start();
    // Every program link of the check cases, written as links of a page, with a link to
    // another site and one in an opted-out region (checked too: it is a program link).
    let cases: Vec<Value> = cases()["check"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let input = c["input"].as_str().unwrap();
            input.contains("aliexpress.") || input.contains("alibaba.")
        })
        .cloned()
        .collect();
    let (last, rest) = cases.split_last().unwrap();
    let link = |c: &Value| {
        format!(
            "<a href=\"{}\">x</a>\n",
            c["input"].as_str().unwrap().replace('&', "&amp;")
        )
    };
    let mut page =
        String::from("<!doctype html><p><a href=\"https://example.com/\">elsewhere</a>\n");
    page.extend(rest.iter().map(link));
    page.push_str(&format!("<div data-afflink=\"off\">{}</div>", link(last)));
    let dir = scratch::Scratch::new("net", "check");
    let file = dir.join("page.html");
    std::fs::write(&file, page).unwrap();
    let out = server.afflink(
        &["check", "--delay-ms", "0", "--file", file.to_str().unwrap()],
        "",
    );
    let results = lines(&out);
    assert_eq!(results.len(), cases.len());
    for (case, got) in cases.iter().zip(results) {
        assert_eq!(reason_as_code(got), case["expect"], "{}", case["input"]);
    }
    // A file whose format the extension does not give is refused.
    let odd = dir.join("links.dat");
    std::fs::write(&odd, "x").unwrap();
    let out = server.afflink(&["check", "--file", odd.to_str().unwrap()], "");
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn concurrency_and_delay_keep_the_input_order() {
    let server = Upstream::start();
    let inputs = inputs("check");
    let mut args = vec!["check", "--concurrency", "3", "--delay-ms", "5"];
    args.extend(inputs.iter().map(String::as_str));
    compare("check", &lines(&server.afflink(&args, "")));
}

#[test]
fn max_stops_early() {
    let server = Upstream::start();
    let out = server.afflink(
        &[
            "check",
            "--max",
            "2",
            "--delay-ms",
            "0",
            "https://www.aliexpress.com/item/1005001111111111.html",
            "https://www.aliexpress.com/item/1005002222222222.html",
            "https://www.aliexpress.com/item/1005003333333333.html",
        ],
        "",
    );
    let health: Vec<Value> = lines(&out).iter().map(|l| l["health"].clone()).collect();
    assert_eq!(health, ["live", "gone"]);
    assert!(server
        .seen()
        .iter()
        .all(|s| !s.at.contains("1005003333333333")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max 2"));
}

#[test]
fn a_closed_port_is_a_network_error_never_gone() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let upstream = format!("http://127.0.0.1:{port}");
    let link = "https://a.aliexpress.com/_dShort1";
    let resolved = lines(&run(&["resolve", link], "", &upstream));
    assert_eq!(resolved[0]["reason"]["code"], "network_error");
    assert_eq!(resolved[0]["kind"], Value::Null);
    assert_eq!(resolved[0]["hops"], 0);
    let checked = lines(&run(
        &[
            "check",
            "https://www.aliexpress.com/item/1005001111111111.html",
        ],
        "",
        &upstream,
    ));
    assert_eq!(checked[0]["health"], "unknown");
    assert_eq!(checked[0]["reason"]["code"], "network_error");
    assert_eq!(checked[0]["httpStatus"], Value::Null);
}

#[test]
fn the_test_hook_is_ignored_unless_it_names_a_loopback_address() {
    // Inputs that need no request (a foreign host, not a URL): nothing reaches a network.
    for upstream in [
        "http://10.1.2.3:9",
        "http://localhost:9",
        "https://127.0.0.1:9",
    ] {
        let out = run(
            &["check", "http://evil.example/x", "https://evil.example/x"],
            "",
            upstream,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("AFFLINK_TEST_UPSTREAM ignored"),
            "{upstream}: {stderr}"
        );
        let codes: Vec<Value> = lines(&out)
            .iter()
            .map(|l| l["reason"]["code"].clone())
            .collect();
        assert_eq!(codes, ["unknown_host", "unknown_host"]);
    }
    let out = run(
        &["check", "https://evil.example/x"],
        "",
        "http://127.0.0.1:9",
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("ignored"));
}

#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        &["check", "--concurrency", "0", "x"][..],
        &["resolve", "--delay-ms", "soon", "x"],
        &["check", "--max", "-1", "x"],
    ] {
        let out = run(args, "", "http://127.0.0.1:9");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_byte_order_mark_on_stdin_is_not_part_of_the_first_link() {
    let server = Upstream::start();
    let stdin = "\u{feff}https://a.aliexpress.com/_dShort1\r\nhttps://a.aliexpress.com/_dStays\n";
    let checked = lines(&server.afflink(&["check", "--delay-ms", "0"], stdin));
    assert_eq!(checked[0]["input"], "https://a.aliexpress.com/_dShort1");
    assert_eq!(checked[0]["health"], "live");
    let out = server.afflink(&["resolve", "--delay-ms", "0"], stdin);
    let resolved = lines(&out);
    assert_eq!(resolved[0]["kind"], "product");
    assert_eq!(resolved[1]["reason"]["code"], "not_resolved");
    let classified = lines(&run(&["classify"], stdin, "http://127.0.0.1:9"));
    assert_eq!(classified[0]["kind"], "shortLink");
    // The progress line counts hops as words do.
    let one = server.afflink(
        &[
            "resolve",
            "--delay-ms",
            "0",
            "https://www.alibaba.com/x/AbC123",
        ],
        "",
    );
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert!(stderr.contains(": product after 1 hop\n"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stderr).contains(": product after 2 hops\n"));
}
