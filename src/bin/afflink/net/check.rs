//! `afflink check`: whether each link still leads to a product. One JSON line per input:
//! `{"input", "health", "httpStatus", "finalUrl", "reason"}` (see docs/NETWORK.md).

use std::io::{self, Write};

use afflink::{classify, Kind, Reason};
use serde::Serialize;
use url::Url;

use super::rules::{health, upgrade_given, Health, Landing};
use super::{inputs, run_all, Client, NetArgs};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Line<'a> {
    input: &'a str,
    health: &'static str,
    http_status: Option<u16>,
    final_url: Option<&'a str>,
    reason: Option<Reason>,
}

pub fn run(out: &mut impl Write, args: &NetArgs) -> io::Result<()> {
    let inputs = inputs(args)?;
    let client = Client::new(args.delay_ms);
    run_all(out, "check", &inputs, args.concurrency, |input| {
        check_one(&client, input)
    })
}

/// The JSON line for one input, and a summary for the progress line.
fn check_one(client: &Client, input: &str) -> (String, String) {
    let c = classify(input);
    // A product page is checked at its canonical URL (https, without anyone's tracking);
    // links and other pages as they are given.
    let start = match (c.kind, c.canonical_url()) {
        (Kind::Rejected, _) => None,
        (Kind::Product, Some(canonical)) => Url::parse(canonical).ok(),
        _ => Url::parse(input.trim()).ok().map(upgrade_given),
    };
    let Some(start) = start else {
        let line = Line {
            input,
            health: Health::Unknown.as_str(),
            http_status: None,
            final_url: None,
            reason: c.reason,
        };
        let summary = format!("unknown ({})", c.reason.map_or("", |r| r.code.as_str()));
        return (to_json(&line), summary);
    };
    let followed = client.follow(start, |url| classify(url.as_str()).kind == Kind::Product);
    let (health, code) = health(&Landing {
        start: c.kind,
        failure: followed.failure,
        status: followed.status,
        url: Some(&followed.url),
        redirected: followed.hops > 0,
        body: &followed.body,
        compressed: followed.encoding.is_some(),
    });
    let line = Line {
        input,
        health: health.as_str(),
        http_status: followed.status,
        final_url: Some(followed.url.as_str()),
        reason: code.map(Reason::from),
    };
    let mut summary = health.as_str().to_owned();
    if let Some(code) = code {
        summary = format!("{summary} ({code}");
        if let Some(detail) = &followed.detail {
            summary = format!("{summary}: {detail}");
        } else if let Some(encoding) = &followed.encoding {
            summary = format!("{summary}: the page came with Content-Encoding {encoding}");
        }
        summary.push(')');
    }
    (to_json(&line), summary)
}

fn to_json(line: &impl Serialize) -> String {
    serde_json::to_string(line).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
