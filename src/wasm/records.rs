//! Classification as numbers: the hot path of `classifyUrl` (one record in the module's
//! memory) and `classifyUrls` (records and canonical URLs in memory). The layouts are in
//! `docs/BOUNDARY.md`; `js/api.js` reads them.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;

use crate::classify::hosts::Site;
use crate::classify::paths::push_canonical_url;
use crate::classify::{classify_then, Outcome};

/// Splits the inputs of a batch: `joined` is the inputs concatenated, `lens` their lengths
/// in UTF-16 code units (JavaScript's `length`). `None` when they do not add up.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn split_joined<'a>(joined: &'a str, lens: &[u32]) -> Option<Vec<&'a str>> {
    let mut out = Vec::with_capacity(lens.len());
    let mut start: usize = 0;
    // Every character but ASCII takes more UTF-8 bytes than UTF-16 code units: the lengths
    // add up to the byte length exactly when the text is ASCII (no pass over the text).
    let units = lens
        .iter()
        .try_fold(0usize, |sum, &len| sum.checked_add(len as usize));
    if units == Some(joined.len()) {
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

/// Words per classification in the record of [`classify_record`].
const RECORD_WORDS: usize = 7;

/// Words per classification in the records of [`classify_many_records`].
const BATCH_WORDS: usize = 4;

/// The record of the last [`classify_record`] call; JavaScript reads it in the module's
/// memory at [`classify_record_address`].
static RECORD: [AtomicU32; RECORD_WORDS] = [const { AtomicU32::new(0) }; RECORD_WORDS];

thread_local! {
    /// The canonical URL of the last [`classify_record`] call whose product id is not a
    /// slice of an ASCII input (see [`IN_TEXT`]): what [`classify_record_text`] returns.
    static RECORD_TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where `part` lies in `input`, as offsets in UTF-16 code units: `input` is ASCII (one unit
/// per byte); `None` unless `part` is a slice of it.
#[cfg_attr(feature = "speed", optimize(speed))]
fn offsets(input: &str, part: &str) -> Option<[u32; 2]> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= input.len()).then_some([start as u32, end as u32])
}

/// The bit of [`classify_record`]'s header that says the product id and slug are not a
/// slice of an ASCII input (after `/./` in the path, in a non-ASCII input …): the id's
/// offsets are then into the canonical URL that [`classify_record_text`] returns.
const IN_TEXT: u32 = 1 << 15;

/// The header of a record: kind (bits 0–2: product, page, affiliateLink, shortLink,
/// rejected), program (bits 3–4: none, aliexpress, alibaba), reason (bits 5–11: 1 + the
/// code's number, its index in `classifyTables`, 0 for none; `lookalike_host` naming
/// AliExpress or Alibaba.com: 1 + the number of codes + 0 or 1, the two lines after the
/// codes), canonical URL form (bits 12–14: 1 + the index of its prefix in
/// `classifyTables`), number of affiliate parameters (bits 16–19). The records add their
/// own bits.
#[cfg_attr(feature = "speed", optimize(speed))]
fn header(o: &Outcome<'_>) -> u32 {
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
    let mut h = kind | program << 3 | reason << 5;
    if let Some(site) = product_site(o) {
        let form = match site {
            Site::AliExpressGlobal => 1,
            Site::AliExpressUs => 2,
            Site::AliExpressRu => 3,
            Site::Alibaba if o.slug.is_empty() => 4,
            Site::Alibaba => 5,
        };
        h |= form << 12 | (o.params.as_slice().len() as u32) << 16;
    }
    h
}

/// The site of a product (`None` for every other kind).
fn product_site(o: &Outcome<'_>) -> Option<Site> {
    match (o.kind, o.site) {
        (crate::Kind::Product, Some(site)) => Some(site),
        _ => None,
    }
}

/// The affiliate parameters, 4 bits each (indices into the program's names), 8 per word.
#[cfg_attr(feature = "speed", optimize(speed))]
fn param_words(o: &Outcome<'_>) -> [u32; 2] {
    let mut w = [0; 2];
    for (k, &i) in o.params.as_slice().iter().enumerate() {
        w[k / 8] |= u32::from(i) << (4 * (k % 8));
    }
    w
}

/// One classification as numbers, for [`classify_record`]: the [`header`], then the
/// product's id and slug as offsets into the input (the id's offsets into the canonical
/// URL with [`IN_TEXT`]), then the affiliate parameters ([`param_words`]).
#[cfg_attr(feature = "speed", optimize(speed))]
fn record(input: &str, ascii: bool, o: &Outcome<'_>) -> [u32; RECORD_WORDS] {
    let mut r = [0; RECORD_WORDS];
    r[0] = header(o);
    if let Some(site) = product_site(o) {
        let slug = if o.slug.is_empty() {
            Some([0, 0])
        } else {
            offsets(input, o.slug)
        };
        match (offsets(input, o.id), slug) {
            (Some([a, b]), Some([c, d])) if ascii => r[1..5].copy_from_slice(&[a, b, c, d]),
            _ => {
                // Rare: the canonical URL itself, the id just before its `.html`.
                r[0] |= IN_TEXT;
                RECORD_TEXT.with_borrow_mut(|text| {
                    text.clear();
                    push_canonical_url(text, site, o.id, o.slug);
                    let end = text.len().saturating_sub(".html".len());
                    r[1] = end.saturating_sub(o.id.len()) as u32;
                    r[2] = end as u32;
                });
            }
        }
        let [p, q] = param_words(o);
        r[5] = p;
        r[6] = q;
    }
    r
}

/// One URL's record: returns the header.
// What the package's `classifyUrl` reads; the other words are left at
// `classify_record_address` (see `record`).
#[wasm_bindgen(js_name = classifyRecord)]
#[cfg_attr(feature = "speed", optimize(speed))]
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

/// The canonical URL of the last `classifyRecord` call whose header has the bit `IN_TEXT`.
#[wasm_bindgen(js_name = classifyRecordText)]
pub fn classify_record_text() -> String {
    RECORD_TEXT.with_borrow(String::clone)
}

thread_local! {
    /// The inputs of the next [`classify_many_records`] call, written by JavaScript at
    /// [`classify_input_buffer`]'s address (`TextEncoder.encodeInto`: no copy on the way in).
    static BATCH_INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The records of the last [`classify_many_records`] call, read by JavaScript in the
    /// module's memory (no copy on the way out).
    static BATCH_OUTPUT: RefCell<(Vec<u32>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

/// Room for `bytes` bytes of inputs for `classifyManyRecords`: returns its address.
// The buffer is kept for the next batch, as the module's memory never shrinks anyway.
#[wasm_bindgen(js_name = classifyInputBuffer)]
pub fn classify_input_buffer(bytes: u32) -> u32 {
    BATCH_INPUT.with_borrow_mut(|input| {
        let bytes = bytes as usize;
        if input.len() < bytes {
            input.resize(bytes, 0);
        }
        input.as_ptr() as usize as u32
    })
}

/// Classifies the first `bytes` bytes of `classifyInputBuffer`: returns the address of the
/// records.
// The inputs are the UTF-8 bytes of one string and `lens` their lengths in UTF-16 code units
// (see `split_joined`); `invalid_argument` is thrown when they do not add up, which the
// package's own joining never makes. The records (`classify_many`) stay in the module's
// memory until the next call. (Details in `//` comments: `///` text of an export is copied
// into the glue.)
#[wasm_bindgen(js_name = classifyManyRecords)]
pub fn classify_many_records(bytes: u32, lens: &[u32]) -> Result<u32, JsValue> {
    let records = BATCH_INPUT.with_borrow(|input| {
        input
            .get(..bytes as usize)
            .and_then(|joined| classify_many(joined, lens))
    });
    let (mut records, text) = records.ok_or_else(|| {
        super::errors::invalid_argument("The lengths do not add up to the joined inputs.")
    })?;
    // Where the text is: its heap buffer does not move with the `String`.
    records[0] = text.as_ptr() as usize as u32;
    records[1] = text.len() as u32;
    Ok(BATCH_OUTPUT.with_borrow_mut(|out| {
        *out = (records, text);
        out.0.as_ptr() as usize as u32
    }))
}

/// The records of many inputs (what `classifyManyRecords` leaves in memory): `joined` is
/// the UTF-8 bytes of the inputs one after the other, `lens` their lengths in UTF-16 code
/// units (JavaScript's `length`); `None` when they do not add up.
///
/// The words: two for the text's address and length (0 here; `classifyManyRecords` sets
/// them), then 4 per input in order: the header (`header`) with the product id's length in
/// bits 20–24, the canonical URL's length (0 unless a product), the affiliate parameters
/// (`param_words`). The text: the canonical URLs of the products, one after the other (ASCII,
/// as a URL's serialisation is). Layout in `docs/BOUNDARY.md`; `js/api.js` (`classifyUrls`)
/// reads it.
#[cfg_attr(feature = "speed", optimize(speed))]
pub fn classify_many(joined: &[u8], lens: &[u32]) -> Option<(Vec<u32>, String)> {
    let joined = std::str::from_utf8(joined).ok()?;
    let inputs = split_joined(joined, lens)?;
    let mut out = vec![0; 2 + inputs.len() * BATCH_WORDS];
    // About half the real URLs are products, with canonical URLs of about 50 bytes.
    let mut text = String::with_capacity(inputs.len() * 32);
    for (input, words) in inputs.iter().zip(out[2..].chunks_exact_mut(BATCH_WORDS)) {
        let record = classify_then(input, true, |o| {
            let mut h = header(o);
            let mut len = 0;
            if let Some(site) = product_site(o) {
                let start = text.len();
                push_canonical_url(&mut text, site, o.id, o.slug);
                len = (text.len() - start) as u32;
                // Ids are at most 20 digits.
                h |= (o.id.len() as u32) << 20;
            }
            let [p, q] = param_words(o);
            [h, len, p, q]
        });
        if let [a, b, c, d] = words {
            [*a, *b, *c, *d] = record;
        }
    }
    Some((out, text))
}
