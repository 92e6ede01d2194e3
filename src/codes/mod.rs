//! The one registry of stable, machine-readable codes.
//!
//! Every refusal afflink gives — a classification reason, an error thrown across the
//! WebAssembly boundary — carries one of these codes and a plain sentence. The TypeScript
//! union `AfflinkCode` in `js/afflink.d.ts` and the table in `docs/CODES.md` are generated
//! from [`Code::ALL`]; the test `tests/codes_registry.rs` fails when they drift
//! (run it with `AFFLINK_BLESS=1` to rewrite them).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{Kind, Program};

mod messages;

/// A stable code for a refusal. The string form ([`Code::as_str`]) never changes once
/// released; new codes may be added, so match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// A page on a program host that is not a product detail page.
    NotAProductPage,
    /// A product-shaped path whose product id is not a plausible id.
    InvalidProductId,
    /// Already a tracking link of the program.
    AlreadyAffiliateLink,
    /// A short link that only the program's server can expand.
    NeedsResolving,
    /// Not a complete absolute web address.
    NotAUrl,
    /// A scheme other than `http` or `https`.
    UnsupportedScheme,
    /// A user name or password (`user@`) before the host.
    CredentialsInUrl,
    /// An explicit port, even the default one.
    PortNotAllowed,
    /// A host that is not a program host (foreign, punycode, disguised).
    UnknownHost,
    /// A host that imitates a program's domain (`aliexpress-deals.shop`, `alibabba.com`).
    LookalikeHost,
    /// The input exceeds the maximum length.
    TooLong,
    /// A tracking-parameter name the program does not allow.
    UnknownParameter,
    /// The same tracking parameter given twice.
    DuplicateParameter,
    /// Tracking parameters can only be added to a program tracking link.
    NotATrackingLink,
    /// A tracking-parameter value longer than the maximum.
    ValueTooLong,
    /// A tracking-parameter value with control characters.
    InvalidValue,
    /// An AliExpress `aff_short_key` that is not a plausible key.
    InvalidKey,
    /// An Alibaba.com link template that cannot be used.
    InvalidTemplate,
    /// A sample link that does not carry its product, given without a product id.
    MissingProductId,
    /// A product URL of the other program.
    WrongProgram,
    /// A product URL that already carries someone's affiliate tracking.
    AlreadyTracked,
    /// A postback URL that is not an absolute http(s) URL.
    InvalidPostbackUrl,
    /// A postback macro the program does not know.
    UnknownMacro,
    /// Unbalanced or empty braces in a postback URL.
    MalformedMacro,
    /// A postback URL over plain http (warning).
    InsecureHttp,
    /// A macro outside a query value or path segment (warning).
    MacroOutsideValue,
    /// A postback URL without any macro (warning).
    NoMacros,
    /// A non-completed order.
    NotCompleted,
    /// Completed too long after payment.
    CompletedTooLate,
    /// An amount at or over the limit.
    AmountTooHigh,
    /// An order flagged as spam.
    SpamOrder,
    /// A buyer country the program excludes.
    ExcludedCountry,
    /// Paid after the cookie window.
    OutsideClickWindow,
    /// A product category the program excludes.
    ExcludedCategory,
    /// An order whose status is refunded.
    Refunded,
    /// An order whose status is cancelled.
    Cancelled,
    /// An order id already seen in the same input and program (counts zero).
    DuplicateOrder,
    /// A click date on a session-tracked program (warning).
    SessionTracking,
    /// An order paid more than two years after the rate card's date (warning).
    StaleRateCard,
    /// A buyer country written as an alias and read as its ISO code: `UK` as `GB` (warning).
    CountryAlias,
    /// An incentive from the previous period's sales given, on an order in a later period
    /// than the batch's first: that figure may not be this period's previous sales (warning).
    PreviousSalesNotThisPeriod,
    /// A figure read from a worked example (assumption).
    ExampleFigure,
    /// A figure from a third party's listing (assumption).
    ListingFigure,
    /// A figure that is afflink's own reading (assumption).
    AssumedFigure,
    /// A program name afflink does not know.
    UnknownProgram,
    /// A negative or non-numeric amount.
    InvalidAmount,
    /// A currency that is not a three-letter code.
    UnsupportedCurrency,
    /// A non-USD amount without an exchange rate.
    MissingExchangeRate,
    /// A date that is not YYYY-MM-DD or not in the calendar.
    InvalidDate,
    /// A completion date before the payment date.
    CompletedBeforePaid,
    /// A category the card does not know, under a card that requires one.
    UnknownCategory,
    /// A country that is not ISO alpha-2.
    InvalidCountry,
    /// A missing field or one of the wrong type.
    InvalidField,
    /// A rate card that does not follow the schema.
    InvalidRateCard,
    /// A CSV column that is not in the header.
    MissingColumn,
    /// Input that is not valid CSV.
    InvalidCsv,
    /// A file or input that cannot be read (reconciliation).
    UnreadableInput,
    /// A postback template without a macro reconciliation needs.
    MissingMacro,
    /// Reconciliation took a reported order as completed within the time limits.
    CompletionAssumed,
    /// Reconciliation used the returning-buyer rate for an unknown buyer type.
    BuyerAssumedReturning,
    /// Reconciliation skipped the country rules for an unknown country.
    CountryRuleSkipped,
    /// Reconciliation had no date for a reported order.
    DateUnknown,
    /// A link-conversion setting whose name afflink does not know (a warning).
    UnknownSetting,
    /// A link-conversion setting with a value that cannot be used.
    InvalidSetting,
    /// Link conversion without any program's settings.
    NoProgramSettings,
    /// A product link of a program that has no settings, left as it is.
    ProgramNotConfigured,
    /// A JavaScript function received a value of the wrong type.
    InvalidArgument,
    /// A JavaScript function was called before `init()` finished.
    NotInitialized,
    /// `init(source)` was called again with another source than the first call's.
    AlreadyInitialized,
    /// The page's DOM refused a change (feature `dom`).
    DomError,
    // The codes of `afflink resolve` and `afflink check` exist with the feature `cli` only:
    // the WebAssembly builds never produce them and do not carry their sentences.
    /// A request failed: no connection, a timeout or a broken answer (network).
    #[cfg(feature = "cli")]
    NetworkError,
    /// A redirect to a host outside the programs (network).
    #[cfg(feature = "cli")]
    LeftProgram,
    /// More than ten redirects (network).
    #[cfg(feature = "cli")]
    TooManyRedirects,
    /// A plain http:// address or redirect on a program host (network).
    #[cfg(feature = "cli")]
    HttpsRequired,
    /// A short or tracking link that answered without redirecting (network).
    #[cfg(feature = "cli")]
    NotResolved,
    /// A 404 or 410 answer (link health `gone`).
    #[cfg(feature = "cli")]
    NotFound,
    /// A product link that lands on another page (link health `gone`).
    #[cfg(feature = "cli")]
    RedirectedToPage,
    /// A product page that says the item is gone (link health `unavailable`).
    #[cfg(feature = "cli")]
    ItemUnavailable,
    /// A 401 or 403 answer, a login or anti-robot page (link health `unknown`).
    #[cfg(feature = "cli")]
    Blocked,
    /// A 429 answer (link health `unknown`).
    #[cfg(feature = "cli")]
    RateLimited,
    /// A 5xx answer (link health `unknown`).
    #[cfg(feature = "cli")]
    ServerError,
    /// Any other answer (link health `unknown`).
    #[cfg(feature = "cli")]
    UnexpectedStatus,
}

impl Code {
    /// Every code, in the order of the documentation table.
    pub const ALL: &'static [Code] = &[
        Code::NotAProductPage,
        Code::InvalidProductId,
        Code::AlreadyAffiliateLink,
        Code::NeedsResolving,
        Code::NotAUrl,
        Code::UnsupportedScheme,
        Code::CredentialsInUrl,
        Code::PortNotAllowed,
        Code::UnknownHost,
        Code::LookalikeHost,
        Code::TooLong,
        Code::UnknownParameter,
        Code::DuplicateParameter,
        Code::NotATrackingLink,
        Code::ValueTooLong,
        Code::InvalidValue,
        Code::InvalidKey,
        Code::InvalidTemplate,
        Code::MissingProductId,
        Code::WrongProgram,
        Code::AlreadyTracked,
        Code::InvalidPostbackUrl,
        Code::UnknownMacro,
        Code::MalformedMacro,
        Code::InsecureHttp,
        Code::MacroOutsideValue,
        Code::NoMacros,
        Code::NotCompleted,
        Code::CompletedTooLate,
        Code::AmountTooHigh,
        Code::SpamOrder,
        Code::ExcludedCountry,
        Code::OutsideClickWindow,
        Code::ExcludedCategory,
        Code::Refunded,
        Code::Cancelled,
        Code::DuplicateOrder,
        Code::SessionTracking,
        Code::StaleRateCard,
        Code::CountryAlias,
        Code::PreviousSalesNotThisPeriod,
        Code::ExampleFigure,
        Code::ListingFigure,
        Code::AssumedFigure,
        Code::UnknownProgram,
        Code::InvalidAmount,
        Code::UnsupportedCurrency,
        Code::MissingExchangeRate,
        Code::InvalidDate,
        Code::CompletedBeforePaid,
        Code::UnknownCategory,
        Code::InvalidCountry,
        Code::InvalidField,
        Code::InvalidRateCard,
        Code::MissingColumn,
        Code::InvalidCsv,
        Code::UnreadableInput,
        Code::MissingMacro,
        Code::CompletionAssumed,
        Code::BuyerAssumedReturning,
        Code::CountryRuleSkipped,
        Code::DateUnknown,
        Code::UnknownSetting,
        Code::InvalidSetting,
        Code::NoProgramSettings,
        Code::ProgramNotConfigured,
        Code::InvalidArgument,
        Code::NotInitialized,
        Code::AlreadyInitialized,
        Code::DomError,
        #[cfg(feature = "cli")]
        Code::NetworkError,
        #[cfg(feature = "cli")]
        Code::LeftProgram,
        #[cfg(feature = "cli")]
        Code::TooManyRedirects,
        #[cfg(feature = "cli")]
        Code::HttpsRequired,
        #[cfg(feature = "cli")]
        Code::NotResolved,
        #[cfg(feature = "cli")]
        Code::NotFound,
        #[cfg(feature = "cli")]
        Code::RedirectedToPage,
        #[cfg(feature = "cli")]
        Code::ItemUnavailable,
        #[cfg(feature = "cli")]
        Code::Blocked,
        #[cfg(feature = "cli")]
        Code::RateLimited,
        #[cfg(feature = "cli")]
        Code::ServerError,
        #[cfg(feature = "cli")]
        Code::UnexpectedStatus,
    ];

    /// The stable `snake_case` string of the code.
    ///
    /// ```
    /// assert_eq!(afflink::Code::NotAProductPage.as_str(), "not_a_product_page");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::NotAProductPage => "not_a_product_page",
            Code::InvalidProductId => "invalid_product_id",
            Code::AlreadyAffiliateLink => "already_affiliate_link",
            Code::NeedsResolving => "needs_resolving",
            Code::NotAUrl => "not_a_url",
            Code::UnsupportedScheme => "unsupported_scheme",
            Code::CredentialsInUrl => "credentials_in_url",
            Code::PortNotAllowed => "port_not_allowed",
            Code::UnknownHost => "unknown_host",
            Code::LookalikeHost => "lookalike_host",
            Code::TooLong => "too_long",
            Code::UnknownParameter => "unknown_parameter",
            Code::DuplicateParameter => "duplicate_parameter",
            Code::NotATrackingLink => "not_a_tracking_link",
            Code::ValueTooLong => "value_too_long",
            Code::InvalidValue => "invalid_value",
            Code::InvalidKey => "invalid_key",
            Code::InvalidTemplate => "invalid_template",
            Code::MissingProductId => "missing_product_id",
            Code::WrongProgram => "wrong_program",
            Code::AlreadyTracked => "already_tracked",
            Code::InvalidPostbackUrl => "invalid_postback_url",
            Code::UnknownMacro => "unknown_macro",
            Code::MalformedMacro => "malformed_macro",
            Code::InsecureHttp => "insecure_http",
            Code::MacroOutsideValue => "macro_outside_value",
            Code::NoMacros => "no_macros",
            Code::NotCompleted => "not_completed",
            Code::CompletedTooLate => "completed_too_late",
            Code::AmountTooHigh => "amount_too_high",
            Code::SpamOrder => "spam_order",
            Code::ExcludedCountry => "excluded_country",
            Code::OutsideClickWindow => "outside_click_window",
            Code::ExcludedCategory => "excluded_category",
            Code::Refunded => "refunded",
            Code::Cancelled => "cancelled",
            Code::DuplicateOrder => "duplicate_order",
            Code::SessionTracking => "session_tracking",
            Code::StaleRateCard => "stale_rate_card",
            Code::CountryAlias => "country_alias",
            Code::PreviousSalesNotThisPeriod => "previous_sales_not_this_period",
            Code::ExampleFigure => "example_figure",
            Code::ListingFigure => "listing_figure",
            Code::AssumedFigure => "assumed_figure",
            Code::MissingExchangeRate => "missing_exchange_rate",
            Code::UnknownProgram => "unknown_program",
            Code::InvalidAmount => "invalid_amount",
            Code::UnsupportedCurrency => "unsupported_currency",
            Code::InvalidDate => "invalid_date",
            Code::CompletedBeforePaid => "completed_before_paid",
            Code::UnknownCategory => "unknown_category",
            Code::InvalidCountry => "invalid_country",
            Code::InvalidField => "invalid_field",
            Code::InvalidRateCard => "invalid_rate_card",
            Code::MissingColumn => "missing_column",
            Code::InvalidCsv => "invalid_csv",
            Code::UnreadableInput => "unreadable_input",
            Code::MissingMacro => "missing_macro",
            Code::CompletionAssumed => "completion_assumed",
            Code::BuyerAssumedReturning => "buyer_assumed_returning",
            Code::CountryRuleSkipped => "country_rule_skipped",
            Code::DateUnknown => "date_unknown",
            Code::UnknownSetting => "unknown_setting",
            Code::InvalidSetting => "invalid_setting",
            Code::NoProgramSettings => "no_program_settings",
            Code::ProgramNotConfigured => "program_not_configured",
            Code::InvalidArgument => "invalid_argument",
            Code::NotInitialized => "not_initialized",
            Code::AlreadyInitialized => "already_initialized",
            Code::DomError => "dom_error",
            #[cfg(feature = "cli")]
            Code::NetworkError => "network_error",
            #[cfg(feature = "cli")]
            Code::LeftProgram => "left_program",
            #[cfg(feature = "cli")]
            Code::TooManyRedirects => "too_many_redirects",
            #[cfg(feature = "cli")]
            Code::HttpsRequired => "https_required",
            #[cfg(feature = "cli")]
            Code::NotResolved => "not_resolved",
            #[cfg(feature = "cli")]
            Code::NotFound => "not_found",
            #[cfg(feature = "cli")]
            Code::RedirectedToPage => "redirected_to_page",
            #[cfg(feature = "cli")]
            Code::ItemUnavailable => "item_unavailable",
            #[cfg(feature = "cli")]
            Code::Blocked => "blocked",
            #[cfg(feature = "cli")]
            Code::RateLimited => "rate_limited",
            #[cfg(feature = "cli")]
            Code::ServerError => "server_error",
            #[cfg(feature = "cli")]
            Code::UnexpectedStatus => "unexpected_status",
        }
    }

    /// The classification kind this code explains, or `None` for codes that are not
    /// classification reasons.
    ///
    /// ```
    /// use afflink::{Code, Kind};
    /// assert_eq!(Code::UnknownHost.classification_kind(), Some(Kind::Rejected));
    /// assert_eq!(Code::InvalidArgument.classification_kind(), None);
    /// ```
    pub const fn classification_kind(self) -> Option<Kind> {
        match self {
            Code::NotAProductPage | Code::InvalidProductId => Some(Kind::Page),
            Code::AlreadyAffiliateLink => Some(Kind::AffiliateLink),
            Code::NeedsResolving => Some(Kind::ShortLink),
            Code::NotAUrl
            | Code::UnsupportedScheme
            | Code::CredentialsInUrl
            | Code::PortNotAllowed
            | Code::UnknownHost
            | Code::LookalikeHost
            | Code::TooLong => Some(Kind::Rejected),
            // Listed one by one so that a new code forces a decision here.
            Code::UnknownParameter
            | Code::DuplicateParameter
            | Code::NotATrackingLink
            | Code::ValueTooLong
            | Code::InvalidValue
            | Code::InvalidKey
            | Code::InvalidTemplate
            | Code::MissingProductId
            | Code::WrongProgram
            | Code::AlreadyTracked
            | Code::InvalidPostbackUrl
            | Code::UnknownMacro
            | Code::MalformedMacro
            | Code::InsecureHttp
            | Code::MacroOutsideValue
            | Code::NoMacros
            | Code::NotCompleted
            | Code::CompletedTooLate
            | Code::AmountTooHigh
            | Code::SpamOrder
            | Code::ExcludedCountry
            | Code::OutsideClickWindow
            | Code::ExcludedCategory
            | Code::Refunded
            | Code::Cancelled
            | Code::DuplicateOrder
            | Code::SessionTracking
            | Code::StaleRateCard
            | Code::CountryAlias
            | Code::PreviousSalesNotThisPeriod
            | Code::ExampleFigure
            | Code::ListingFigure
            | Code::AssumedFigure
            | Code::UnknownProgram
            | Code::InvalidAmount
            | Code::UnsupportedCurrency
            | Code::MissingExchangeRate
            | Code::InvalidDate
            | Code::CompletedBeforePaid
            | Code::UnknownCategory
            | Code::InvalidCountry
            | Code::InvalidField
            | Code::InvalidRateCard
            | Code::MissingColumn
            | Code::InvalidCsv
            | Code::UnreadableInput
            | Code::MissingMacro
            | Code::CompletionAssumed
            | Code::BuyerAssumedReturning
            | Code::CountryRuleSkipped
            | Code::DateUnknown
            | Code::UnknownSetting
            | Code::InvalidSetting
            | Code::NoProgramSettings
            | Code::ProgramNotConfigured
            | Code::InvalidArgument
            | Code::NotInitialized
            | Code::AlreadyInitialized
            | Code::DomError => None,
            #[cfg(feature = "cli")]
            Code::NetworkError
            | Code::LeftProgram
            | Code::TooManyRedirects
            | Code::HttpsRequired
            | Code::NotResolved
            | Code::NotFound
            | Code::RedirectedToPage
            | Code::ItemUnavailable
            | Code::Blocked
            | Code::RateLimited
            | Code::ServerError
            | Code::UnexpectedStatus => None,
        }
    }

    /// Looks a code up by its string form.
    ///
    /// ```
    /// use afflink::Code;
    /// assert_eq!(Code::from_code("too_long"), Some(Code::TooLong));
    /// assert_eq!(Code::from_code("nope"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A code with its message, serialised as `{"code": …, "message": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// The stable code.
    pub code: Code,
    /// For [`Code::LookalikeHost`]: the program the host imitates, which the message names
    /// ("This site looks like AliExpress but is not: …"). `None` for every other code.
    pub imitates: Option<Program>,
}

impl Reason {
    /// The plain sentence for [`Reason::code`] (naming the imitated program for
    /// `lookalike_host`).
    pub const fn message(&self) -> &'static str {
        match (self.code, self.imitates) {
            (Code::LookalikeHost, Some(program)) => messages::looks_like(program),
            (code, _) => code.message(),
        }
    }
}

impl From<Code> for Reason {
    fn from(code: Code) -> Self {
        Reason {
            code,
            imitates: None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message(), self.code)
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Reason", 2)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("message", self.message())?;
        s.end()
    }
}
