//! Classification as numbers: the hot path of `classifyUrl` (one record in the module's
//! memory) and `classifyUrls` (one `Uint32Array` of records). The layout is in
//! `docs/BOUNDARY.md`; `js/api.js` (`resultOf`) reads it.

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;

use crate::classify::hosts::Site;
use crate::classify::{classify_then, Outcome};

/// Splits the inputs of a batch: `joined` is the inputs concatenated, `lens` their lengths
/// in UTF-16 code units (JavaScript's `length`). `None` when they do not add up.
pub(super) fn split_joined<'a>(joined: &'a str, lens: &[u32]) -> Option<Vec<&'a str>> {
    let mut out = Vec::with_capacity(lens.len());
    let mut start: usize = 0;
    if joined.is_ascii() {
        // One byte per code unit.
        for &len in lens {
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            out.push(joined.get(start..end)?);
            start = end;
        }
    } else {
        let mut chars = joined.char_indices();
        for &len in lens {
            let mut units = 0;
            let mut end = start;
            while units < len {
                let (i, c) = chars.next()?;
                units += c.len_utf16() as u32;
                end = i + c.len_utf8();
            }
            if units != len {
                return None;
            }
            out.push(&joined[start..end]);
            start = end;
        }
    }
    (start == joined.len()).then_some(out)
}

// The reasons (1 + every code + the two `lookalike_host` messages) fit in 7 bits.
const _: () = assert!(crate::Code::ALL.len() + 2 < 128);

/// Words per classification in the record form (see [`classify_record`]).
const RECORD_WORDS: usize = 7;

/// The record of the last [`classify_record`] call; JavaScript reads it in the module's
/// memory at [`classify_record_address`].
static RECORD: [AtomicU32; RECORD_WORDS] = [const { AtomicU32::new(0) }; RECORD_WORDS];

/// Where `part` lies in `input`, as offsets in UTF-16 code units: `input` is ASCII (one unit
/// per byte); `None` unless `part` is a slice of it.
fn offsets(input: &str, part: &str) -> Option<[u32; 2]> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= input.len()).then_some([start as u32, end as u32])
}

/// The bit of the header that asks JavaScript for the object form (`classifyValue`): a product whose id or slug
/// is not an ASCII slice of the input.
const ASK_OBJECT: u32 = 1 << 15;

/// One classification as numbers: the header, then the product's id and slug as offsets
/// into the input, then the affiliate parameters.
///
/// - header: kind (bits 0–2: product, page, affiliateLink, shortLink, rejected), program
///   (bits 3–4: none, aliexpress, alibaba), reason (bits 5–11: 1 + the code's number, its
///   index in `classifyTables`, 0 for none; `lookalike_host` naming AliExpress or
///   Alibaba.com: 1 + the number of codes + 0 or 1, the two lines after the codes), canonical URL form (bits 12–14: 1 + the index of
///   its prefix in `classifyTables`), [`ASK_OBJECT`] (bit 15), number of affiliate
///   parameters (bits 16–19);
/// - the id's start and end, the slug's start and end (0 and 0 for none);
/// - the affiliate parameters, 4 bits each (indices into the program's names), 8 per word.
fn record(input: &str, ascii: bool, o: &Outcome<'_>) -> [u32; RECORD_WORDS] {
    let mut r = [0; RECORD_WORDS];
    let kind = match o.kind {
        crate::Kind::Product => 0,
        crate::Kind::Page => 1,
        crate::Kind::AffiliateLink => 2,
        crate::Kind::ShortLink => 3,
        crate::Kind::Rejected => 4,
    };
    let program = match o.site.map(Site::program) {
        None => 0,
        Some(crate::Program::AliExpress) => 1,
        Some(crate::Program::Alibaba) => 2,
    };
    let reason = match (o.reason, o.imitates) {
        (None, _) => 0,
        // The two messages of `lookalike_host` that name the program follow the codes in
        // `classifyTables`.
        (Some(crate::Code::LookalikeHost), Some(program)) => {
            1 + crate::Code::ALL.len() as u32 + program as u32
        }
        (Some(code), _) => 1 + code as u32,
    };
    r[0] = kind | program << 3 | reason << 5;
    if let (crate::Kind::Product, Some(site)) = (o.kind, o.site) {
        let form = match site {
            Site::AliExpressGlobal => 1,
            Site::AliExpressUs => 2,
            Site::AliExpressRu => 3,
            Site::Alibaba if o.slug.is_empty() => 4,
            Site::Alibaba => 5,
        };
        let params = o.params.as_slice();
        r[0] |= form << 12 | (params.len() as u32) << 16;
        let slug = if o.slug.is_empty() {
            Some([0, 0])
        } else {
            offsets(input, o.slug)
        };
        match (offsets(input, o.id), slug) {
            (Some([a, b]), Some([c, d])) if ascii => r[1..5].copy_from_slice(&[a, b, c, d]),
            _ => r[0] |= ASK_OBJECT,
        }
        for (k, &i) in params.iter().enumerate() {
            r[5 + k / 8] |= u32::from(i) << (4 * (k % 8));
        }
    }
    r
}

/// One URL's record: returns the header.
// What the package's `classifyUrl` reads; the other words are left at
// `classify_record_address` (see `record`).
#[wasm_bindgen(js_name = classifyRecord)]
pub fn classify_record(input: &str) -> u32 {
    let r = classify_then(input, true, |o| record(input, input.is_ascii(), o));
    for (word, value) in RECORD.iter().zip(r) {
        word.store(value, Ordering::Relaxed);
    }
    r[0]
}

/// Where the record of `classifyRecord` is.
// Its byte address in the module's memory.
#[wasm_bindgen(js_name = classifyRecordAddress)]
pub fn classify_record_address() -> u32 {
    RECORD.as_ptr() as usize as u32
}

/// The records of many URLs, 7 words each.
// What the package's `classifyUrls` reads, in order (see `record`). The inputs cross as the
// UTF-8 bytes of one string and their lengths in UTF-16 code units (see `split_joined`);
// `invalid_argument` is thrown when they do not add up, which the package's own joining
// never makes. (Details in `//` comments: `///` text of an export is copied into the glue.)
#[wasm_bindgen(js_name = classifyManyRecords)]
pub fn classify_many_records(joined: &[u8], lens: &[u32]) -> Result<Vec<u32>, JsValue> {
    let not_adding_up =
        || super::errors::invalid_argument("The lengths do not add up to the joined inputs.");
    let joined = std::str::from_utf8(joined).map_err(|_| not_adding_up())?;
    let all_ascii = joined.is_ascii();
    let inputs = split_joined(joined, lens).ok_or_else(not_adding_up)?;
    let mut out = Vec::with_capacity(inputs.len() * RECORD_WORDS);
    for input in inputs {
        let ascii = all_ascii || input.is_ascii();
        out.extend_from_slice(&classify_then(input, true, |o| record(input, ascii, o)));
    }
    Ok(out)
}
