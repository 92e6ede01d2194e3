//! URLs pasted from a text with the punctuation of their sentence (`…/1005006123456789.html).`):
//! the core refuses them as written (a path ending in `.html).` is no product page); the CLI
//! keeps the refusal and its code, and says what to remove. Done here, not in the core, so
//! that the WebAssembly modules do not grow.

use afflink::{classify, Code, Error, Kind};

/// What ends a sentence or closes a bracket around a URL in a text: `(see …/1.html).`
const TRAILING_PUNCTUATION: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '\'', '"', '*',
];

/// `result` for `input`, with a `not_a_product_page` or `not_a_tracking_link` refusal
/// explained when `input` is a product page or a tracking link once its trailing
/// punctuation is removed.
pub fn explained(input: &str, result: Result<String, Error>) -> Result<String, Error> {
    let Err(e) = result else {
        return result;
    };
    let what = match e.code() {
        Code::NotAProductPage => "a product page",
        Code::NotATrackingLink => "a tracking link",
        _ => return Err(e),
    };
    let input = input.trim();
    let clean = input.trim_end_matches(TRAILING_PUNCTUATION);
    let c = classify(clean);
    let is_it = match e.code() {
        Code::NotAProductPage => c.product.is_some(),
        _ => c.kind == Kind::AffiliateLink,
    };
    if clean.len() == input.len() || !is_it {
        return Err(e);
    }
    Err(Error::new(
        e.code(),
        format!(
            "This address ends with \"{}\", which is not part of {what}'s address (it was copied with the text around it?): use {clean}",
            &input[clean.len()..]
        ),
    ))
}
