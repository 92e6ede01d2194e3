//! The one table of the programs' link parameters: which query parameters carry a program's
//! affiliate tracking, and which of them are the publisher's own custom tracking strings.
//! The classifier (which product URLs already carry someone's tracking), the tracking
//! strings, the link converter and the WebAssembly binding all read this table.

use crate::Program;

/// Every AliExpress affiliate parameter; the last [`ALIEXPRESS_CUSTOM`] are the publisher's
/// custom tracking strings, in the order they are appended.
const ALIEXPRESS: &[&str] = &[
    "aff_fcid",
    "aff_fsk",
    "aff_trace_key",
    "aff_platform",
    "aff_short_key",
    "sk",
    "tt",
    "terminal_id",
    "af",
    "cn",
    "cv",
    "dp",
];

/// The most affiliate parameters a program has.
pub(crate) const MOST_AFFILIATE_PARAMS: usize = ALIEXPRESS.len();
const _: () = assert!(ALIBABA.len() <= ALIEXPRESS.len());

/// How many of [`ALIEXPRESS`] (at its end) are custom tracking strings.
const ALIEXPRESS_CUSTOM: usize = 4;

/// Every Alibaba.com affiliate parameter; all are the publisher's custom tracking strings.
const ALIBABA: &[&str] = &["pid", "tp1", "tp2", "tp3", "tp4", "tp5"];

/// The affiliate-tracking parameter names a program recognises on product URLs.
pub const fn affiliate_param_names(program: Program) -> &'static [&'static str] {
    match program {
        Program::AliExpress => ALIEXPRESS,
        Program::Alibaba => ALIBABA,
    }
}

/// The custom tracking strings a program allows, in the fixed order they are appended.
///
/// ```
/// use afflink::{links::tracking_param_names, Program};
/// assert_eq!(tracking_param_names(Program::AliExpress), ["af", "cn", "cv", "dp"]);
/// assert_eq!(tracking_param_names(Program::Alibaba)[0], "pid");
/// ```
pub const fn tracking_param_names(program: Program) -> &'static [&'static str] {
    match program {
        Program::AliExpress => ALIEXPRESS.split_at(ALIEXPRESS.len() - ALIEXPRESS_CUSTOM).1,
        Program::Alibaba => ALIBABA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_strings_are_affiliate_parameters() {
        for program in [Program::AliExpress, Program::Alibaba] {
            let all = affiliate_param_names(program);
            let custom = tracking_param_names(program);
            assert!(all.ends_with(custom), "{program:?}");
            assert!(custom.len() <= 16, "the records code a name in 4 bits");
        }
        assert_eq!(
            tracking_param_names(Program::AliExpress),
            ["af", "cn", "cv", "dp"]
        );
    }
}
