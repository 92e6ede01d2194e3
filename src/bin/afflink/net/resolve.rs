//! `afflink resolve`: follows short and tracking links to where they land and classifies
//! the landing page. One JSON line per input:
//! `{"input", "kind", "program", "productId", "canonicalUrl", "affiliateParams", "reason",
//! "httpStatus", "resolvedFrom", "finalUrl", "hops"}`.

use std::io::{self, Write};

use afflink::{classify, Classification, Code, Kind, Program, Reason};
use serde::Serialize;
use url::Url;

use super::rules::{health, upgrade_given, Landing};
use super::{inputs, run_all, Client, Followed, NetArgs};

/// One output line. The classification fields are those of `afflink classify`; they are
/// all `null` (with `reason` saying why) when following stopped on the way.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Line<'a> {
    input: &'a str,
    kind: Option<Kind>,
    program: Option<Program>,
    product_id: Option<&'a str>,
    canonical_url: Option<&'a str>,
    affiliate_params: Option<&'a [&'static str]>,
    reason: Option<Reason>,
    http_status: Option<u16>,
    resolved_from: Option<&'a str>,
    final_url: Option<&'a str>,
    hops: u32,
}

impl<'a> Line<'a> {
    fn classified(input: &'a str, c: &'a Classification) -> Line<'a> {
        Line {
            input,
            kind: Some(c.kind),
            program: c.program,
            product_id: c.product_id(),
            canonical_url: c.canonical_url(),
            affiliate_params: c.product.as_ref().map(|p| p.affiliate_params.as_slice()),
            reason: c.reason,
            http_status: None,
            resolved_from: None,
            final_url: None,
            hops: 0,
        }
    }
}

pub fn run(out: &mut impl Write, args: &NetArgs) -> io::Result<()> {
    let inputs = inputs(args)?;
    let client = Client::new(args.delay_ms);
    run_all(out, "resolve", &inputs, args.concurrency, |input| {
        resolve_one(&client, input)
    })
}

/// The JSON line for one input, and a summary for the progress line.
fn resolve_one(client: &Client, input: &str) -> (String, String) {
    let c = classify(input);
    let start = match c.kind {
        Kind::ShortLink | Kind::AffiliateLink => Url::parse(input.trim()).ok().map(upgrade_given),
        _ => None,
    };
    let Some(start) = start else {
        // Nothing to follow: a product, a page or a refusal is its own landing page.
        let summary = c.reason.map_or("product", |r| r.code.as_str()).to_owned();
        return (to_json(&Line::classified(input, &c)), summary);
    };
    let followed = client.follow(start, |_| false);
    let final_url = followed.url.as_str();
    let from = followed.from.as_ref().map(Url::as_str);
    let landing = classify(final_url);
    let mut line = Line::classified(input, &landing);
    (line.http_status, line.resolved_from, line.final_url) =
        (followed.status, from, Some(final_url));
    line.hops = followed.hops;
    let summary = match followed.failure.or_else(|| stuck(&c, &landing, &followed)) {
        Some(code) => {
            line = Line {
                kind: None,
                program: None,
                product_id: None,
                canonical_url: None,
                affiliate_params: None,
                reason: Some(code.into()),
                ..line
            };
            match &followed.detail {
                Some(detail) => format!("{code} ({detail})"),
                None => code.to_string(),
            }
        }
        None => {
            let s = if followed.hops == 1 { "" } else { "s" };
            format!("{} after {} hop{s}", landing.kind.as_str(), followed.hops)
        }
    };
    (to_json(&line), summary)
}

/// Why following stopped at a short or tracking link that did not redirect: the code
/// `check` gives its answer (`rate_limited`, `server_error`, `blocked`, `not_found`,
/// `unexpected_status`, `not_resolved`), or `None` when it redirected or is not a link.
fn stuck(given: &Classification, landing: &Classification, followed: &Followed) -> Option<Code> {
    if !matches!(landing.kind, Kind::ShortLink | Kind::AffiliateLink) {
        return None;
    }
    health(&Landing {
        start: given.kind,
        failure: None,
        status: followed.status,
        url: Some(&followed.url),
        redirected: followed.hops > 0,
        body: "",
        compressed: false,
    })
    .1
}

fn to_json(line: &impl Serialize) -> String {
    serde_json::to_string(line).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
