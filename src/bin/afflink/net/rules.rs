//! The pure decisions of `resolve` and `check`, without any I/O: which URL may be
//! requested, what a redirect is, what a landing page means, and the markers of a page
//! whose item is gone. `docs/NETWORK.md` writes these rules down.

use std::net::SocketAddr;

use afflink::{classify, Code, Kind};
use url::Url;

/// At most this many redirects are followed; one more stops with `too_many_redirects`.
pub const MAX_HOPS: u32 = 10;

/// The start of a product page's body that is searched for the markers (bytes).
pub const BODY_LIMIT: u64 = 2 * 1024 * 1024;

/// Phrases of a product page that says its item is gone, compared with the page's text
/// lower-cased (ASCII) and with every run of whitespace made one space. Listed in
/// docs/NETWORK.md: keep the two in step.
pub const UNAVAILABLE_MARKERS: &[&str] = &[
    "this item is no longer available",
    "this product is no longer available",
    "this item has been removed",
    "this product has been removed",
    "the item you are looking for is no longer available",
    "the product you are looking for is no longer available",
];

/// Why a URL may not be requested, or `None` when it may: the host must be a program host
/// (the classifier's rules: any kind but `rejected`) and the scheme `https`.
pub fn refuse_hop(url: &Url) -> Option<Code> {
    if classify(url.as_str()).kind == Kind::Rejected {
        Some(Code::LeftProgram)
    } else if url.scheme() != "https" {
        Some(Code::HttpsRequired)
    } else {
        None
    }
}

/// The URL to request first for a GIVEN link: a program URL over plain `http://` is asked
/// for over `https://` (the programs hand out such links, and their hosts answer both);
/// any other URL as it is. A plain-http hop reached by a redirect stays refused.
pub fn upgrade_given(mut url: Url) -> Url {
    if url.scheme() == "http" && classify(url.as_str()).kind != Kind::Rejected {
        // Both schemes are special, so the change cannot fail; the URL is kept if it does.
        let _ = url.set_scheme("https");
    }
    url
}

/// Whether a status is a redirect afflink follows (with a `Location`).
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The `AFFLINK_TEST_UPSTREAM` test hook: `http://IP:PORT` with a loopback IP literal,
/// nothing else (no name, no path, no https). `None` means the hook is ignored.
pub fn test_upstream(value: &str) -> Option<SocketAddr> {
    let url = Url::parse(value.trim()).ok()?;
    if url.scheme() != "http"
        || !matches!(url.path(), "" | "/")
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return None;
    }
    let ip = match url.host()? {
        url::Host::Ipv4(ip) => std::net::IpAddr::V4(ip),
        url::Host::Ipv6(ip) => std::net::IpAddr::V6(ip),
        url::Host::Domain(_) => return None,
    };
    let port = url.port()?;
    ip.is_loopback().then_some(SocketAddr::new(ip, port))
}

/// A link's health, as `afflink check` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Live,
    Gone,
    Unavailable,
    Unknown,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Live => "live",
            Health::Gone => "gone",
            Health::Unavailable => "unavailable",
            Health::Unknown => "unknown",
        }
    }
}

/// What following a link gave: a refusal or failure on the way, or the last answer.
#[derive(Debug, Clone, Copy)]
pub struct Landing<'a> {
    /// The kind of the link that was followed (before any request).
    pub start: Kind,
    /// `left_program`, `too_many_redirects`, `network_error` or `https_required`.
    pub failure: Option<Code>,
    /// The status of the last answer.
    pub status: Option<u16>,
    /// The URL of the last answer.
    pub url: Option<&'a Url>,
    /// Whether at least one redirect was followed.
    pub redirected: bool,
    /// The start of the last answer's body (read for product pages only).
    pub body: &'a str,
    /// Whether that body came compressed (a `Content-Encoding` other than `identity`), so
    /// it was not read.
    pub compressed: bool,
}

/// The health of a link from what following it gave (see docs/NETWORK.md, in this order).
pub fn health(landing: &Landing<'_>) -> (Health, Option<Code>) {
    if let Some(code) = landing.failure {
        return (Health::Unknown, Some(code));
    }
    let Some(status) = landing.status else {
        return (Health::Unknown, Some(Code::NetworkError));
    };
    match status {
        404 | 410 => return (Health::Gone, Some(Code::NotFound)),
        401 | 403 => return (Health::Unknown, Some(Code::Blocked)),
        429 => return (Health::Unknown, Some(Code::RateLimited)),
        500..=599 => return (Health::Unknown, Some(Code::ServerError)),
        200..=299 => {}
        _ => return (Health::Unknown, Some(Code::UnexpectedStatus)),
    }
    let Some(url) = landing.url else {
        return (Health::Unknown, Some(Code::NetworkError));
    };
    if is_block_page(url) {
        return (Health::Unknown, Some(Code::Blocked));
    }
    let kind = classify(url.as_str()).kind;
    let wants_product = matches!(
        landing.start,
        Kind::Product | Kind::ShortLink | Kind::AffiliateLink
    );
    match kind {
        Kind::ShortLink | Kind::AffiliateLink if !landing.redirected => {
            (Health::Unknown, Some(Code::NotResolved))
        }
        Kind::Page if wants_product => (Health::Gone, Some(Code::RedirectedToPage)),
        // A body that cannot be searched for the markers says nothing either way.
        Kind::Product if landing.compressed => (Health::Unknown, Some(Code::UnreadableInput)),
        Kind::Product if says_unavailable(landing.body) => {
            (Health::Unavailable, Some(Code::ItemUnavailable))
        }
        _ => (Health::Live, None),
    }
}

/// A login or anti-robot page: the site did not show the page to a robot, which says
/// nothing about the link. Hosts `login.*` and `passport.*`; the anti-robot challenge's
/// `_____tmd_____` or `/punish` in the path or query.
pub fn is_block_page(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    let rest = format!("{}?{}", url.path(), url.query().unwrap_or(""));
    host.starts_with("login.")
        || host.starts_with("passport.")
        || rest.contains("_____tmd_____")
        || rest.contains("/punish")
}

/// The non-breaking space as HTML writes it, read as a space by [`says_unavailable`].
const NBSP_ENTITIES: &[&str] = &["&nbsp;", "&#160;", "&#xa0;"];

/// Whether a page's text carries one of [`UNAVAILABLE_MARKERS`]. A non-breaking space
/// (U+00A0, `&nbsp;`, `&#160;`, `&#xa0;`) counts as whitespace.
pub fn says_unavailable(body: &str) -> bool {
    let mut text = String::with_capacity(body.len());
    let mut space = false;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        let entity = (c == '&')
            .then(|| {
                let rest = body.get(i..).unwrap_or("");
                NBSP_ENTITIES.iter().find(|e| {
                    rest.get(..e.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(e))
                })
            })
            .flatten();
        if let Some(entity) = entity {
            // Skip the rest of the entity (ASCII, so one char per byte).
            chars.nth(entity.len() - 2);
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !text.is_empty() {
            text.push(' ');
        }
        space = false;
        text.push(c.to_ascii_lowercase());
    }
    UNAVAILABLE_MARKERS.iter().any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn landing<'a>(start: Kind, status: u16, at: &'a Url, body: &'a str) -> Landing<'a> {
        Landing {
            start,
            failure: None,
            status: Some(status),
            url: Some(at),
            redirected: true,
            body,
            compressed: false,
        }
    }

    #[test]
    fn only_https_program_hosts_are_requested() {
        let ok = url("https://a.aliexpress.com/_dShort1");
        assert_eq!(refuse_hop(&ok), None);
        assert_eq!(
            refuse_hop(&url("http://a.aliexpress.com/_dShort1")),
            Some(Code::HttpsRequired)
        );
        for foreign in [
            "https://evil.io/",
            "https://aliexpress.com.evil.io/item/1.html",
            "https://www.aliexpress.com:8443/item/1.html",
            "http://evil.io/",
        ] {
            assert_eq!(
                refuse_hop(&url(foreign)),
                Some(Code::LeftProgram),
                "{foreign}"
            );
        }
    }

    #[test]
    fn the_test_hook_names_a_loopback_address_or_nothing() {
        assert_eq!(
            test_upstream("http://127.0.0.1:8080"),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(
            test_upstream("http://[::1]:9/"),
            Some("[::1]:9".parse().unwrap())
        );
        for ignored in [
            "http://10.0.0.1:8080",
            "http://localhost:8080",
            "https://127.0.0.1:8080",
            "http://127.0.0.1",
            "http://127.0.0.1:8080/path",
            "http://user@127.0.0.1:8080",
            "127.0.0.1:8080",
            "",
        ] {
            assert_eq!(test_upstream(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn statuses_and_landings() {
        let product = url("https://www.aliexpress.com/item/1005006123456789.html");
        let home = url("https://www.aliexpress.com/");
        let search = url("https://www.aliexpress.com/wholesale?SearchText=usb");
        let login = url("https://login.aliexpress.com/?return_url=x");
        let short = url("https://a.aliexpress.com/_dShort1");
        let h = |l: Landing<'_>| health(&l);
        assert_eq!(
            h(landing(Kind::Product, 200, &product, "")),
            (Health::Live, None)
        );
        assert_eq!(
            h(landing(Kind::Product, 410, &product, "")),
            (Health::Gone, Some(Code::NotFound))
        );
        assert_eq!(
            h(landing(Kind::ShortLink, 200, &home, "")),
            (Health::Gone, Some(Code::RedirectedToPage))
        );
        assert_eq!(
            h(landing(Kind::Product, 200, &search, "")),
            (Health::Gone, Some(Code::RedirectedToPage))
        );
        // A page checked as a page is live when it answers.
        assert_eq!(
            h(landing(Kind::Page, 200, &search, "")),
            (Health::Live, None)
        );
        assert_eq!(
            h(landing(Kind::Product, 200, &login, "")),
            (Health::Unknown, Some(Code::Blocked))
        );
        for (status, code) in [
            (403, Code::Blocked),
            (429, Code::RateLimited),
            (503, Code::ServerError),
            (400, Code::UnexpectedStatus),
            (304, Code::UnexpectedStatus),
        ] {
            assert_eq!(
                h(landing(Kind::Product, status, &product, "")),
                (Health::Unknown, Some(code))
            );
        }
        let mut unresolved = landing(Kind::ShortLink, 200, &short, "");
        unresolved.redirected = false;
        assert_eq!(h(unresolved), (Health::Unknown, Some(Code::NotResolved)));
        let gone = "<h1>Sorry,\n  this ITEM is no\tlonger available!</h1>";
        assert_eq!(
            h(landing(Kind::ShortLink, 200, &product, gone)),
            (Health::Unavailable, Some(Code::ItemUnavailable))
        );
        // Markers count on product pages only.
        assert_eq!(
            h(landing(Kind::Page, 200, &home, gone)),
            (Health::Live, None)
        );
        let mut failed = landing(Kind::Product, 200, &product, "");
        failed.failure = Some(Code::NetworkError);
        assert_eq!(h(failed), (Health::Unknown, Some(Code::NetworkError)));
    }

    #[test]
    fn markers_need_the_whole_phrase() {
        assert!(says_unavailable("This product is no longer available."));
        assert!(!says_unavailable("Only 3 left: this item is available"));
        assert!(!says_unavailable("no longer"));
        assert!(!says_unavailable(""));
    }

    #[test]
    fn a_non_breaking_space_is_a_space() {
        for body in [
            "<p>This item is no&nbsp;longer available</p>",
            "this item is no&NBSP;longer&#160;available",
            "this item is no &#xA0; longer available",
            "this item is no\u{a0}longer available",
        ] {
            assert!(says_unavailable(body), "{body}");
        }
        assert!(!says_unavailable("this item is no&nbsplonger available"));
        assert!(!says_unavailable("this item is no&amp;longer available"));
        assert!(!says_unavailable("&nbsp"));
    }

    #[test]
    fn a_compressed_product_page_is_unknown() {
        let product = url("https://www.aliexpress.com/item/1005006123456789.html");
        let mut l = landing(Kind::Product, 200, &product, "");
        l.compressed = true;
        assert_eq!(health(&l), (Health::Unknown, Some(Code::UnreadableInput)));
    }

    #[test]
    fn given_program_links_over_http_are_asked_for_over_https() {
        for (given, first) in [
            (
                "http://click.alibaba.com/rd/x7k2pq?pid=blog",
                "https://click.alibaba.com/rd/x7k2pq?pid=blog",
            ),
            (
                "http://s.click.aliexpress.com/e/_dShort1",
                "https://s.click.aliexpress.com/e/_dShort1",
            ),
            ("http://evil.io/x", "http://evil.io/x"),
            (
                "https://a.aliexpress.com/_d1",
                "https://a.aliexpress.com/_d1",
            ),
        ] {
            assert_eq!(upgrade_given(url(given)).as_str(), first);
        }
    }
}
