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
pub(crate) fn is_alibaba_detail_host(sub: &str) -> bool {
    matches!(sub, "" | "www" | "wholesaler") || ALIBABA_LANGUAGES.contains(&sub)
}
