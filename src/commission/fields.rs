//! Fields as people write them: the field names of error messages in plain words, amounts
//! with thousands separators and a dollar sign, and ISO 3166-1 country codes.

use rust_decimal::Decimal;

use crate::{Code, Error};

/// JSON field names and how a person names them.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("amount", "The amount"),
    ("refundedAmount", "The refunded amount"),
    ("previousPeriodSales", "The previous period's sales"),
    ("country", "The buyer's country"),
    ("currency", "The currency"),
    ("program", "The program"),
    ("orderId", "The order id"),
    ("buyer", "The buyer type"),
    ("status", "The status"),
    ("paidDate", "The payment date"),
    ("completedDate", "The completion date"),
    ("clickDate", "The click date"),
    ("date", "The date"),
    ("spam", "The spam flag"),
    ("category", "The category"),
    ("items", "The items"),
    ("type", "The row type"),
    ("commission", "The commission"),
    ("est_com", "The estimated commission"),
    ("ord_amount", "The order amount"),
];

/// A field as a person names it, for the sentence that leads an error message.
fn field_label(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("items[") {
        let (n, tail) = rest.split_once(']').unwrap_or((rest, ""));
        let n = n.parse::<usize>().map_or(0, |n| n + 1);
        return match tail {
            ".amount" => format!("The amount of item {n}"),
            ".category" => format!("The category of item {n}"),
            _ => format!("Item {n}"),
        };
    }
    if let Some(currency) = field.strip_prefix("exchangeRates.") {
        return format!("The exchange rate of {currency}");
    }
    FIELD_LABELS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or_else(
            || format!("The field {field}"),
            |(_, label)| (*label).to_owned(),
        )
}

/// An error whose message is a sentence for a person: the field in plain words, what is
/// wrong, then the field's JSON name (`The buyer's country "ZZ" is not … (field "country").`).
pub(crate) fn field_error(code: Code, field: &str, why: impl std::fmt::Display) -> Error {
    Error::new(
        code,
        format!("{} {why} (field \"{field}\").", field_label(field)),
    )
}

/// ISO 3166-1 alpha-2: the 249 officially assigned codes, sorted (binary search).
const ISO_3166_ALPHA2: [[u8; 2]; 249] = [
    *b"AD", *b"AE", *b"AF", *b"AG", *b"AI", *b"AL", *b"AM", *b"AO", *b"AQ", *b"AR", *b"AS", *b"AT",
    *b"AU", *b"AW", *b"AX", *b"AZ", *b"BA", *b"BB", *b"BD", *b"BE", *b"BF", *b"BG", *b"BH", *b"BI",
    *b"BJ", *b"BL", *b"BM", *b"BN", *b"BO", *b"BQ", *b"BR", *b"BS", *b"BT", *b"BV", *b"BW", *b"BY",
    *b"BZ", *b"CA", *b"CC", *b"CD", *b"CF", *b"CG", *b"CH", *b"CI", *b"CK", *b"CL", *b"CM", *b"CN",
    *b"CO", *b"CR", *b"CU", *b"CV", *b"CW", *b"CX", *b"CY", *b"CZ", *b"DE", *b"DJ", *b"DK", *b"DM",
    *b"DO", *b"DZ", *b"EC", *b"EE", *b"EG", *b"EH", *b"ER", *b"ES", *b"ET", *b"FI", *b"FJ", *b"FK",
    *b"FM", *b"FO", *b"FR", *b"GA", *b"GB", *b"GD", *b"GE", *b"GF", *b"GG", *b"GH", *b"GI", *b"GL",
    *b"GM", *b"GN", *b"GP", *b"GQ", *b"GR", *b"GS", *b"GT", *b"GU", *b"GW", *b"GY", *b"HK", *b"HM",
    *b"HN", *b"HR", *b"HT", *b"HU", *b"ID", *b"IE", *b"IL", *b"IM", *b"IN", *b"IO", *b"IQ", *b"IR",
    *b"IS", *b"IT", *b"JE", *b"JM", *b"JO", *b"JP", *b"KE", *b"KG", *b"KH", *b"KI", *b"KM", *b"KN",
    *b"KP", *b"KR", *b"KW", *b"KY", *b"KZ", *b"LA", *b"LB", *b"LC", *b"LI", *b"LK", *b"LR", *b"LS",
    *b"LT", *b"LU", *b"LV", *b"LY", *b"MA", *b"MC", *b"MD", *b"ME", *b"MF", *b"MG", *b"MH", *b"MK",
    *b"ML", *b"MM", *b"MN", *b"MO", *b"MP", *b"MQ", *b"MR", *b"MS", *b"MT", *b"MU", *b"MV", *b"MW",
    *b"MX", *b"MY", *b"MZ", *b"NA", *b"NC", *b"NE", *b"NF", *b"NG", *b"NI", *b"NL", *b"NO", *b"NP",
    *b"NR", *b"NU", *b"NZ", *b"OM", *b"PA", *b"PE", *b"PF", *b"PG", *b"PH", *b"PK", *b"PL", *b"PM",
    *b"PN", *b"PR", *b"PS", *b"PT", *b"PW", *b"PY", *b"QA", *b"RE", *b"RO", *b"RS", *b"RU", *b"RW",
    *b"SA", *b"SB", *b"SC", *b"SD", *b"SE", *b"SG", *b"SH", *b"SI", *b"SJ", *b"SK", *b"SL", *b"SM",
    *b"SN", *b"SO", *b"SR", *b"SS", *b"ST", *b"SV", *b"SX", *b"SY", *b"SZ", *b"TC", *b"TD", *b"TF",
    *b"TG", *b"TH", *b"TJ", *b"TK", *b"TL", *b"TM", *b"TN", *b"TO", *b"TR", *b"TT", *b"TV", *b"TW",
    *b"TZ", *b"UA", *b"UG", *b"UM", *b"US", *b"UY", *b"UZ", *b"VA", *b"VC", *b"VE", *b"VG", *b"VI",
    *b"VN", *b"VU", *b"WF", *b"WS", *b"YE", *b"YT", *b"ZA", *b"ZM", *b"ZW",
];

/// Reads a buyer's country: an ISO 3166-1 alpha-2 code in any case (upper-cased), or `UK`,
/// read as `GB`. Returns the code and whether it was the alias; `None` for anything else.
pub(crate) fn iso_country(text: &str) -> Option<(String, bool)> {
    let code = text.trim().to_ascii_uppercase();
    if code == "UK" {
        return Some(("GB".to_owned(), true));
    }
    let key: [u8; 2] = code.as_bytes().try_into().ok()?;
    ISO_3166_ALPHA2
        .binary_search(&key)
        .is_ok()
        .then_some((code, false))
}

/// The country value reconciliation gives an Alibaba.com order whose country the program's
/// figures do not give: read as no ISO country, so that no country rule matches. A NUL
/// character, which no country written by a person holds.
pub(crate) const UNKNOWN_COUNTRY: &str = "\u{0}unknown";

/// Currency signs other than `$`: an amount carrying one is refused with a reason.
const OTHER_CURRENCY_SIGNS: &[char] = &[
    '€', '£', '¥', '₹', '₩', '₽', '₺', '₫', '₪', '฿', '¢', '₱', '₦', '₴', '₸', '₡', '元', '円',
];

/// Reads a number as people write it: an optional sign, digits with an optional decimal
/// point, and commas only between groups of three digits before the point (`1,299.00`,
/// `12,345`, `1,234,567.89`). With `dollar`, a leading `$` or `US$` (after the sign,
/// optionally followed by spaces) is read too. Returns the reason otherwise: a comma that
/// could be a decimal comma (`1,5`, `1,50`, `0,500`, `1.234,56`), commas that do not
/// group by three (`12,34,567`), another currency's sign (`€10`), anything else.
pub(crate) fn number_text(text: &str, dollar: bool) -> Result<Decimal, String> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-' | b'+') => t.split_at(1),
        _ => ("", t),
    };
    let mut body = rest;
    if dollar {
        if let Some(r) = body.strip_prefix("US$").or_else(|| body.strip_prefix('$')) {
            body = r.trim_start();
        }
    }
    let number_like = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    if !number_like {
        let rest = body.trim_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '));
        let code = rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_uppercase());
        if body.contains(OTHER_CURRENCY_SIGNS) || code {
            return Err(format!(
                "{text:?} carries a currency sign or code: write the number alone, such as \"19.99\" (only $ or US$ may come before it), and give any other currency in \"currency\""
            ));
        }
        return Err(format!(
            "{text:?} is not a decimal amount such as \"19.99\""
        ));
    }
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if body.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let last = groups.last().map_or(0, |g| g.len());
        if frac.contains(',') || groups[0] == "0" || (last == 1 || last == 2) && frac.is_empty() {
            return Err(format!(
                "{text:?} has a comma that reads as a decimal comma (a comma before 1 or 2 digits, or after the point): write decimals with a point, such as 1.5; commas may only separate groups of three digits, as in 1,299.00"
            ));
        }
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(format!(
                "{text:?} has commas that do not separate groups of three digits: write 1234567.89 or 1,234,567.89"
            ));
        }
    }
    let mut plain = String::with_capacity(body.len() + 1);
    plain.push_str(sign);
    plain.extend(body.chars().filter(|c| *c != ','));
    Decimal::from_str_exact(&plain)
        .map_err(|_| format!("{text:?} is not a decimal amount such as \"19.99\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_table_holds_249_sorted_upper_case_codes() {
        assert_eq!(ISO_3166_ALPHA2.len(), 249);
        assert!(ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO_3166_ALPHA2
            .iter()
            .all(|c| c.iter().all(u8::is_ascii_uppercase)));
        for code in ["US", "GB", "de", " fr ", "AX", "ZW"] {
            assert!(iso_country(code).is_some_and(|(_, alias)| !alias), "{code}");
        }
        for code in ["ZZ", "XK", "EU", "UN", "AA", "USA", "G", "", "1A", "ÜS"] {
            assert_eq!(iso_country(code), None, "{code}");
        }
        assert_eq!(iso_country("uk"), Some(("GB".to_owned(), true)));
    }

    #[test]
    fn amounts_are_read_as_people_write_them() {
        let ok = |t: &str| number_text(t, true).map(|d| d.to_string());
        assert_eq!(ok("1,299.00").as_deref(), Ok("1299.00"));
        assert_eq!(ok("12,345").as_deref(), Ok("12345"));
        assert_eq!(ok("1,234,567.89").as_deref(), Ok("1234567.89"));
        assert_eq!(ok("$19.99").as_deref(), Ok("19.99"));
        assert_eq!(ok("US$ 1,299.00").as_deref(), Ok("1299.00"));
        assert_eq!(ok("-$5").as_deref(), Ok("-5"));
        assert!(number_text("$5", false).is_err(), "no $ without `dollar`");
        for (text, why) in [
            ("1,5", "decimal comma"),
            ("1,50", "decimal comma"),
            ("0,500", "decimal comma"),
            ("1.234,56", "decimal comma"),
            ("12,34,567", "groups of three"),
            ("1,2345", "groups of three"),
            ("1234,567", "groups of three"),
            (",123", "groups of three"),
            ("1,,000", "groups of three"),
            ("€10", "currency sign or code"),
            ("10.00 EUR", "currency sign or code"),
            ("GBP 5", "currency sign or code"),
            ("abc", "not a decimal amount"),
            ("1.2.3", "not a decimal amount"),
            (",", "groups of three"),
            ("$", "not a decimal amount"),
            ("US$", "not a decimal amount"),
            ("-", "not a decimal amount"),
            ("", "not a decimal amount"),
            ("١٢٣", "not a decimal amount"),
        ] {
            let e = number_text(text, true).unwrap_err();
            assert!(e.contains(why), "{text:?}: {e}");
        }
    }

    #[test]
    fn field_messages_are_sentences_naming_the_field() {
        let e = field_error(
            Code::InvalidCountry,
            "country",
            "\"ZZ\" is not an ISO 3166-1 country code such as US or GB",
        );
        assert_eq!(
            e.message(),
            "The buyer's country \"ZZ\" is not an ISO 3166-1 country code such as US or GB (field \"country\")."
        );
        let e = field_error(Code::InvalidAmount, "items[2].amount", "is required");
        assert_eq!(
            e.message(),
            "The amount of item 3 is required (field \"items[2].amount\")."
        );
    }
}
