//! The affiliate parameters already on a URL (someone's tracking), read from its query
//! with the programs' table (`crate::links::params`).

use super::ParamList;
use crate::links::params::affiliate_param_names;
use crate::Program;

/// Calls `each` with the names of the query's parameters as `Url::query_pairs` reads them:
/// split at `&`, up to the first `=`, with `+` and percent-escapes decoded. `fast` decodes
/// only the names that need it; otherwise every pair goes through `form_urlencoded` (the
/// reference).
#[cfg_attr(feature = "speed", optimize(speed))]
fn for_each_query_name(query: &str, fast: bool, mut each: impl FnMut(&str)) {
    if !fast {
        for (name, _) in form_urlencoded::parse(query.as_bytes()) {
            each(&name);
        }
        return;
    }
    // `query.split('&')`, each piece up to its first `=`, byte by byte: every cut is at an
    // ASCII `&` or `=`.
    let b = query.as_bytes();
    let mut start = 0;
    while start <= b.len() {
        let mut end = start;
        let mut name_end = None;
        let mut encoded = false;
        while end < b.len() && b[end] != b'&' {
            match b[end] {
                b'=' if name_end.is_none() => name_end = Some(end),
                b'%' | b'+' if name_end.is_none() => encoded = true,
                _ => {}
            }
            end += 1;
        }
        if end > start {
            if encoded {
                let piece = query.get(start..end).unwrap_or("");
                let decoded = form_urlencoded::parse(piece.as_bytes()).next();
                each(decoded.as_ref().map_or("", |(name, _)| name));
            } else {
                each(query.get(start..name_end.unwrap_or(end)).unwrap_or(""));
            }
        }
        start = end + 1;
    }
}

#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn affiliate_params(program: Program, query: Option<&str>, fast: bool) -> ParamList {
    let known = affiliate_param_names(program);
    let mut found = ParamList::default();
    if let Some(query) = query {
        for_each_query_name(query, fast, |name| {
            if let Some(i) = known.iter().position(|&k| k == name) {
                // At most 12 names: the index fits.
                found.push(i as u8);
            }
        });
    }
    found
}
