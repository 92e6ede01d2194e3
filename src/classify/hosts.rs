//! Program hosts: which host belongs to which program, and what each subdomain is for.
//!
//! Hosts are compared as whole labels, never as substrings: `wum.alibaba.com` is a
//! subdomain of `alibaba.com` (a page), not a variant of `m.alibaba.com`.

use crate::Program;

/// A program's registrable domain; each has its own canonical product URL form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// `aliexpress.com` and its subdomains.
    AliExpressGlobal,
    /// `aliexpress.us` (its product ids differ from the global ones).
    AliExpressUs,
    /// `aliexpress.ru`.
    AliExpressRu,
    /// `alibaba.com` and its subdomains.
    Alibaba,
}

impl Site {
    pub(crate) const fn program(self) -> Program {
        match self {
            Site::Alibaba => Program::Alibaba,
            _ => Program::AliExpress,
        }
    }
}

const DOMAINS: &[(&str, Site)] = &[
    ("aliexpress.com", Site::AliExpressGlobal),
    ("aliexpress.us", Site::AliExpressUs),
    ("aliexpress.ru", Site::AliExpressRu),
    ("alibaba.com", Site::Alibaba),
];

/// AliExpress language subdomains (`fr.aliexpress.com`, `m.fr.aliexpress.com`).
const ALIEXPRESS_LANGUAGES: &[&str] = &[
    "ar", "de", "en", "es", "fr", "he", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr",
    "uk", "vi",
];

/// Alibaba.com language subdomains (`german.alibaba.com`).
const ALIBABA_LANGUAGES: &[&str] = &[
    "arabic",
    "dutch",
    "french",
    "german",
    "hebrew",
    "hindi",
    "indonesian",
    "italian",
    "japanese",
    "korean",
    "portuguese",
    "russian",
    "spanish",
    "thai",
    "turkish",
    "vietnamese",
];

/// Splits a lower-case host into its program site and the subdomain part before the
/// registrable domain (`""` for the bare domain). `None` for every other host.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(crate) fn site_of(host: &str) -> Option<(Site, &str)> {
    let b = host.as_bytes();
    for &(domain, site) in DOMAINS {
        let Some(cut) = b.len().checked_sub(domain.len()) else {
            continue;
        };
        if b[cut..] != *domain.as_bytes() {
            continue;
        }
        // The bare domain, or a whole label before it (`wum.alibaba.com`, not `myalibaba.com`).
        match cut.checked_sub(1) {
            None => return Some((site, "")),
            Some(dot) if b[dot] == b'.' => return host.get(..dot).map(|sub| (site, sub)),
            Some(_) => {}
        }
    }
    None
}

/// Whether the subdomain serves AliExpress product pages.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(crate) fn is_aliexpress_product_host(site: Site, sub: &str) -> bool {
    match sub {
        "" | "www" | "m" => true,
        _ if site == Site::AliExpressGlobal => {
            let lang = sub.strip_prefix("m.").unwrap_or(sub).as_bytes();
            lang.len() == 2 && ALIEXPRESS_LANGUAGES.iter().any(|l| l.as_bytes() == lang)
        }
        _ => false,
    }
}

/// Whether the subdomain serves Alibaba.com `/product-detail/` pages.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(crate) fn is_alibaba_detail_host(sub: &str) -> bool {
    matches!(sub, "" | "www" | "wholesaler") || ALIBABA_LANGUAGES.contains(&sub)
}

/// The program a host that is not a program host imitates (`lookalike_host`), or `None`
/// for every other foreign host (`unknown_host`). `host` is lower-case ASCII letters,
/// digits, `-` and `.`. A host imitates a program when:
///
/// - it contains the program's name (`aliexpress`, `alibaba`) anywhere: the name plus
///   other characters (`aliexpress-deals.shop`, `myaliexpress.net`), a program domain
///   followed by another domain (`aliexpress.com.evil.io`), the name under another suffix
///   (`aliexpress.cn`);
/// - its registrable label (the label before the public suffix: the last label, or the last
///   two when they are `co`, `com`, `net`, `org`, `gov`, `edu` or `ac` before a two-letter
///   country code, as in `co.uk`, `com.cn`, `com.br`) holds the name with one edit
///   (`s-aliexpres`, `my-alibab`), or, at 5 characters or more, is within two edits of it
///   (`alibabba`, `aliexpres`, `ali-express`). Edits are Levenshtein's: one letter
///   inserted, deleted or replaced.
pub(crate) fn imitated(host: &str) -> Option<Program> {
    const NAMES: [(&str, Program); 2] = [
        ("aliexpress", Program::AliExpress),
        ("alibaba", Program::Alibaba),
    ];
    let mut labels = host.rsplit('.');
    let last = labels.next().unwrap_or("");
    let mut label = labels.next().unwrap_or(last);
    if last.len() == 2 && matches!(label, "co" | "com" | "net" | "org" | "gov" | "edu" | "ac") {
        label = labels.next().unwrap_or(label);
    }
    NAMES.iter().find_map(|&(name, program)| {
        let n = name.as_bytes();
        let l = label.as_bytes();
        (host.contains(name)
            || l.len() <= 63 && (edits(n, l, true) <= 1 || l.len() >= 5 && edits(n, l, false) <= 2))
            .then_some(program)
    })
}

/// The Levenshtein distance from `name` (at most 10 bytes) to `text`, or with `within`, to
/// the closest run of bytes inside `text` (the least edits that make `name` appear in it).
fn edits(name: &[u8], text: &[u8], within: bool) -> usize {
    // row[i]: the distance from name[..i] to the text read so far.
    let mut row = [0usize; 11];
    for (i, slot) in row.iter_mut().enumerate() {
        *slot = i;
    }
    let mut best = row[name.len()];
    for (j, &t) in text.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = if within { 0 } else { j + 1 };
        for (i, &c) in name.iter().enumerate() {
            let above = row[i + 1];
            row[i + 1] = (diagonal + usize::from(c != t))
                .min(above + 1)
                .min(row[i] + 1);
            diagonal = above;
        }
        best = best.min(row[name.len()]);
    }
    if within {
        best
    } else {
        row[name.len()]
    }
}
