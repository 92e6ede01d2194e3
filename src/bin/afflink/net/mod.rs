//! `afflink resolve` and `afflink check`: the only network use of afflink, and only when
//! asked. Redirects are followed by hand, one hop at a time, so that every hop is checked
//! against the program hosts and the per-host delay (see docs/NETWORK.md). The decisions
//! are pure functions in `rules.rs`; this file does the requests and the scheduling.

pub mod check;
pub mod resolve;
pub mod rules;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use afflink::Code;
use clap::Args;
use url::Url;

use rules::{is_redirect, refuse_hop, test_upstream, BODY_LIMIT, MAX_HOPS};

/// The `User-Agent` of every request.
pub const USER_AGENT: &str = concat!(
    "afflink/",
    env!("CARGO_PKG_VERSION"),
    " (link resolver and checker)"
);

/// The longest wait for one request, connection included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The options `resolve` and `check` share.
#[derive(Args)]
pub struct NetArgs {
    /// Links to follow; when none are given, one link per line is read from stdin.
    pub urls: Vec<String>,
    /// How many links are followed at the same time.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    /// The pause between two requests to the same host, in milliseconds.
    #[arg(long = "delay-ms", default_value_t = 1000)]
    pub delay_ms: u64,
    /// Stop after this many links (the rest are not requested and get no line).
    #[arg(long)]
    pub max: Option<usize>,
    /// Also take the program links of an HTML, Markdown or text file (what `afflink
    /// rewrite` reads; the format from the extension), in document order. Repeatable.
    #[arg(long = "file", value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
}

/// The last answer of a followed link, or why following stopped.
pub struct Followed {
    /// `left_program`, `too_many_redirects`, `network_error` or `https_required`.
    pub failure: Option<Code>,
    /// What went wrong, for stderr.
    pub detail: Option<String>,
    pub status: Option<u16>,
    /// The last URL reached (the one that failed, for a failure).
    pub url: Url,
    /// The URL whose redirect led to `url`.
    pub from: Option<Url>,
    pub hops: u32,
    pub body: String,
    /// The `Content-Encoding` of a wanted body that was not read because it was compressed.
    pub encoding: Option<String>,
}

/// The HTTP client: one agent, the test hook, and the per-host schedule.
pub struct Client {
    agent: ureq::Agent,
    upstream: Option<SocketAddr>,
    delay: Duration,
    next_slot: Mutex<HashMap<String, Instant>>,
}

impl Client {
    pub fn new(delay_ms: u64) -> Client {
        let upstream = match std::env::var("AFFLINK_TEST_UPSTREAM") {
            Ok(value) => {
                let upstream = test_upstream(&value);
                if upstream.is_none() {
                    eprintln!("afflink: AFFLINK_TEST_UPSTREAM ignored: {value:?} is not http://LOOPBACK-IP:PORT");
                }
                upstream
            }
            Err(_) => None,
        };
        let mut config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT));
        if upstream.is_some() {
            // The test hook talks to the loopback server directly, never through a proxy.
            config = config.proxy(None);
        }
        Client {
            agent: config.build().into(),
            upstream,
            delay: Duration::from_millis(delay_ms),
            next_slot: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for the host's turn: requests to one host are `delay` apart.
    fn wait_turn(&self, host: &str) {
        let slot = {
            let mut slots = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
            take_turn(&mut slots, host, Instant::now(), self.delay)
        };
        std::thread::sleep(slot.saturating_duration_since(Instant::now()));
    }

    /// One GET without following redirects: the status, the `Location` and, when asked,
    /// the start of the body. No cookie is sent or kept.
    fn get(&self, url: &Url, want_body: bool) -> Result<Answer, String> {
        let host = url.host_str().unwrap_or("");
        self.wait_turn(host);
        let request = match self.upstream {
            Some(addr) => {
                let mut target = format!("http://{addr}{}", url.path());
                if let Some(q) = url.query() {
                    target.push('?');
                    target.push_str(q);
                }
                self.agent.get(target).header("Host", host)
            }
            None => self.agent.get(url.as_str()),
        };
        let mut response = request.call().map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            // Raw UTF-8 (or other non-ASCII bytes) read as browsers do: `Url::join`
            // percent-encodes what is not ASCII.
            response
                .headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let location = header("location");
        // A body sent compressed (no `Accept-Encoding` asked for it) is not text to search.
        let encoding = header("content-encoding")
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"));
        let mut answer = Answer {
            status,
            location,
            body: String::new(),
            encoding: None,
        };
        if want_body && (200..300).contains(&status) {
            if encoding.is_some() {
                answer.encoding = encoding;
                return Ok(answer);
            }
            let mut body = Vec::new();
            response
                .body_mut()
                .as_reader()
                .take(BODY_LIMIT)
                .read_to_end(&mut body)
                .map_err(|e| e.to_string())?;
            answer.body = String::from_utf8_lossy(&body).into_owned();
        }
        Ok(answer)
    }

    /// Follows `start` (already known to be a program URL) through its redirects, at most
    /// [`MAX_HOPS`], checking each hop with [`refuse_hop`]. The body of the last answer is
    /// read when `want_body` says so for its URL.
    pub fn follow(&self, start: Url, want_body: impl Fn(&Url) -> bool) -> Followed {
        let mut url = start;
        let mut from = None;
        let mut hops = 0;
        // The status of the last answer that came: a stop after a redirect keeps its 3xx.
        let mut status = None;
        loop {
            let stop = |code, detail: Option<String>, url, from, status| Followed {
                failure: Some(code),
                detail,
                status,
                url,
                from,
                hops,
                body: String::new(),
                encoding: None,
            };
            if let Some(code) = refuse_hop(&url) {
                return stop(code, None, url, from, status);
            }
            let answer = match self.get(&url, want_body(&url)) {
                Ok(answer) => answer,
                Err(e) => return stop(Code::NetworkError, Some(e), url, from, status),
            };
            status = Some(answer.status);
            let next = match answer.location {
                Some(location) if is_redirect(answer.status) => location,
                _ => {
                    return Followed {
                        failure: None,
                        detail: None,
                        status,
                        url,
                        from,
                        hops,
                        body: answer.body,
                        encoding: answer.encoding,
                    }
                }
            };
            if hops == MAX_HOPS {
                return stop(Code::TooManyRedirects, None, url, from, status);
            }
            match url.join(&next) {
                Ok(next) => {
                    from = Some(std::mem::replace(&mut url, next));
                    hops += 1;
                }
                Err(e) => {
                    let detail = format!("unreadable Location {next:?}: {e}");
                    return stop(Code::LeftProgram, Some(detail), url, from, status);
                }
            }
        }
    }
}

/// One answer of [`Client::get`].
struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
    /// The `Content-Encoding` of a body that was wanted but not read (not `identity`).
    encoding: Option<String>,
}

/// When a request to `host` may start, given the hosts' next free slots: now, or the
/// host's next slot if later; that slot then moves `delay` on.
fn take_turn(
    slots: &mut HashMap<String, Instant>,
    host: &str,
    now: Instant,
    delay: Duration,
) -> Instant {
    let slot = slots.get(host).copied().filter(|s| *s > now).unwrap_or(now);
    slots.insert(host.to_owned(), slot + delay);
    slot
}

/// The links to work on: the arguments, or stdin's lines (blank ones included, so output
/// line N answers input line N), cut to `--max`.
pub fn inputs(args: &NetArgs) -> io::Result<Vec<String>> {
    let mut inputs = if args.urls.is_empty() && !args.files.is_empty() {
        Vec::new()
    } else if args.urls.is_empty() {
        let mut text = Vec::new();
        io::stdin().lock().read_to_end(&mut text)?;
        let text = String::from_utf8_lossy(&text);
        // A byte order mark (as some Windows editors write) is not part of the first line.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut lines: Vec<String> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
            .collect();
        if text.ends_with('\n') || text.is_empty() {
            lines.pop();
        }
        lines
    } else {
        args.urls.clone()
    };
    for path in &args.files {
        inputs.extend(links_of_file(path)?);
    }
    if let Some(max) = args.max {
        if inputs.len() > max {
            eprintln!(
                "afflink: --max {max}: stopping after {max} of {} links",
                inputs.len()
            );
            inputs.truncate(max);
        }
    }
    Ok(inputs)
}

/// The program links of a file `afflink rewrite` reads, found by the same rules (the
/// rewriter runs with placeholder settings and its output is dropped).
fn links_of_file(path: &std::path::Path) -> io::Result<Vec<String>> {
    use afflink::rewrite::{rewrite, Format, Summary};
    let bad = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
    let format = Format::from_path(path).ok_or_else(|| {
        bad(format!(
            "{}: the extension does not say whether it is HTML, Markdown or text.",
            path.display()
        ))
    })?;
    let file = std::fs::File::open(path)
        .map_err(|e| bad(format!("The file {} cannot be read: {e}.", path.display())))?;
    // Settings for both programs, so that every program link is looked at; nothing written.
    let converter = afflink::LinkConverter::new(&[
        ("aff-short-key", "afflink"),
        (
            "alibaba-template",
            "https://click.alibaba.com/rd/afflink?url={product_url}",
        ),
    ])
    .map_err(|e| bad(e.message().to_owned()))?;
    let mut summary = Summary {
        program_links: Some(Vec::new()),
        ..Summary::default()
    };
    rewrite(
        &converter,
        format,
        io::BufReader::new(file),
        io::sink(),
        &mut summary,
    )?;
    Ok(summary.program_links.unwrap_or_default())
}

/// Runs `work` on every input with `concurrency` threads and writes each result line in
/// input order, with a progress line on stderr for each link done.
pub fn run_all(
    out: &mut impl Write,
    command: &str,
    inputs: &[String],
    concurrency: u16,
    work: impl Fn(&str) -> (String, String) + Sync,
) -> io::Result<()> {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, String, String)>();
    std::thread::scope(|scope| {
        for _ in 0..usize::from(concurrency).min(inputs.len()) {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { return };
                let (line, summary) = work(input);
                if tx.send((i, line, summary)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut written = 0;
        let total = inputs.len();
        let mut result = Ok(());
        for (i, line, summary) in rx {
            eprintln!(
                "afflink {command}: {}/{total} {}: {summary}",
                pending.len() + written + 1,
                inputs[i].trim()
            );
            pending.insert(i, line);
            while let Some(line) = pending.remove(&written) {
                written += 1;
                if result.is_ok() {
                    result = writeln!(out, "{line}").and_then(|()| out.flush());
                }
            }
            if result.is_err() {
                // Stop handing out work (a closed pipe): the running links finish.
                next.store(usize::MAX / 2, Ordering::Relaxed);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_one_host_are_a_delay_apart_and_other_hosts_do_not_wait() {
        let mut slots = HashMap::new();
        let (t0, delay) = (Instant::now(), Duration::from_millis(1000));
        let a = "www.aliexpress.com";
        assert_eq!(take_turn(&mut slots, a, t0, delay), t0);
        // Three more asked at once: each one a delay after the one before.
        assert_eq!(take_turn(&mut slots, a, t0, delay), t0 + delay);
        assert_eq!(take_turn(&mut slots, a, t0, delay), t0 + delay * 2);
        assert_eq!(take_turn(&mut slots, "a.aliexpress.com", t0, delay), t0);
        // Asked after its slot: at once.
        let later = t0 + delay * 10;
        assert_eq!(take_turn(&mut slots, a, later, delay), later);
        assert_eq!(slots[a], later + delay);
    }
}
