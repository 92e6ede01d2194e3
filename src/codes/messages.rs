//! The plain sentence of each code (what a blogger reads when afflink refuses something),
//! and where each code is used (the documentation table).

use super::Code;
use crate::Program;

/// The message of `lookalike_host` naming the program the host imitates.
pub(super) const fn looks_like(program: Program) -> &'static str {
    match program {
        Program::AliExpress => {
            "This site looks like AliExpress but is not: its name imitates aliexpress.com, so its links are refused."
        }
        Program::Alibaba => {
            "This site looks like Alibaba.com but is not: its name imitates alibaba.com, so its links are refused."
        }
    }
}

impl Code {
    /// A plain sentence a blogger understands.
    ///
    /// The conversion-only build (without the feature `tools`) never produces the codes of
    /// commission estimates, postback checks, CSV and reconciliation, and carries an empty
    /// message for them: a blog page's module does not pay for their sentences.
    pub const fn message(self) -> &'static str {
        match self {
            Code::NotAProductPage => {
                "This is a page on the program's site, but not a product page; only product pages can be deep-linked."
            }
            Code::InvalidProductId => {
                "This looks like a product page, but its product number is not a valid product id."
            }
            Code::AlreadyAffiliateLink => {
                "This is already an affiliate tracking link; it must be used as it is, not rewritten."
            }
            Code::NeedsResolving => {
                "This is a short link that only the program's server can expand; open it and copy the product page address instead."
            }
            Code::NotAUrl => {
                "This is not a complete web address: it must start with https:// and contain no spaces or control characters."
            }
            Code::UnsupportedScheme => "Only http:// and https:// addresses are accepted.",
            Code::CredentialsInUrl => {
                "The address has a user name or an @ sign before the site name, a trick used to disguise the real site."
            }
            Code::PortNotAllowed => "The address names a port number; program links never do.",
            Code::UnknownHost => {
                "The site is not an AliExpress or Alibaba.com address: links to other sites, and site names written in a disguised form, are refused."
            }
            Code::LookalikeHost => {
                "This site looks like AliExpress or Alibaba.com but is not: its name imitates a program's site, so its links are refused."
            }
            Code::TooLong => "The address is longer than 4096 bytes.",
            Code::UnknownParameter => "This tracking parameter is not one the program allows.",
            Code::DuplicateParameter => "The same tracking parameter was given more than once.",
            Code::NotATrackingLink => {
                "Tracking parameters can only be added to a program tracking link (s.click.aliexpress.com or click.alibaba.com)."
            }
            Code::ValueTooLong => "A tracking value is longer than 256 bytes.",
            Code::InvalidValue => "A tracking or postback value cannot be used: it contains control characters, or the link it makes is not a valid URL.",
            Code::InvalidKey => {
                "The aff_short_key is not a valid key: copy it from your program dashboard (letters, digits, _ and -)."
            }
            Code::InvalidTemplate => "The link template cannot be used.",
            #[cfg(feature = "tools")]
            Code::MissingProductId => {
                "The sample link does not say which product it points to: give that product's id too (--product-id ID, or productId in JavaScript)."
            }
            Code::WrongProgram => "This product belongs to the other program.",
            Code::AlreadyTracked => {
                "This product address already carries someone's affiliate tracking; use the clean product address instead."
            }
            #[cfg(feature = "tools")]
            Code::InvalidPostbackUrl => "The postback URL must be a complete http:// or https:// address.",
            #[cfg(feature = "tools")]
            Code::UnknownMacro => "The postback URL uses a macro the program does not know.",
            #[cfg(feature = "tools")]
            Code::MalformedMacro => "The postback URL has unbalanced or empty braces.",
            #[cfg(feature = "tools")]
            Code::InsecureHttp => "The postback URL uses plain http; data will travel unencrypted.",
            #[cfg(feature = "tools")]
            Code::MacroOutsideValue => "A macro stands outside a query value or path segment.",
            #[cfg(feature = "tools")]
            Code::NoMacros => "The postback URL uses no macro, so it will receive no order data.",
            #[cfg(feature = "tools")]
            Code::NotCompleted => "The order is not completed.",
            #[cfg(feature = "tools")]
            Code::CompletedTooLate => "The order was completed too long after it was paid.",
            #[cfg(feature = "tools")]
            Code::AmountTooHigh => "The order amount is over the qualifying limit.",
            #[cfg(feature = "tools")]
            Code::SpamOrder => "The order is flagged as spam.",
            #[cfg(feature = "tools")]
            Code::ExcludedCountry => "Orders from the buyer's country are not eligible.",
            #[cfg(feature = "tools")]
            Code::OutsideClickWindow => "The order came after the cookie period ended.",
            #[cfg(feature = "tools")]
            Code::ExcludedCategory => "Products of this category are not eligible.",
            #[cfg(feature = "tools")]
            Code::Refunded => "The order was refunded.",
            #[cfg(feature = "tools")]
            Code::Cancelled => "The order was cancelled.",
            #[cfg(feature = "tools")]
            Code::DuplicateOrder => {
                "This order id was already estimated above; the repeated row counts zero."
            }
            #[cfg(feature = "tools")]
            Code::SessionTracking => {
                "AliExpress tracks sales by session, not by a cookie window: the click date sets no rule."
            }
            #[cfg(feature = "tools")]
            Code::StaleRateCard => {
                "The order was paid more than two years after the rate card's figures were true."
            }
            #[cfg(feature = "tools")]
            Code::CountryAlias => {
                "The buyer's country was written UK and read as GB, the ISO 3166-1 code of the United Kingdom."
            }
            #[cfg(feature = "tools")]
            Code::PreviousSalesNotThisPeriod => {
                "The incentive comes from the previous period's sales given, but the order is in a later period than the first of the orders given."
            }
            #[cfg(feature = "tools")]
            Code::ExampleFigure => {
                "A figure used comes from a worked example, not from a rate documented for every publisher."
            }
            #[cfg(feature = "tools")]
            Code::ListingFigure => "A figure used comes from a third party's listing.",
            #[cfg(feature = "tools")]
            Code::AssumedFigure => "A figure used is afflink's own reading, not a documented one.",
            #[cfg(feature = "tools")]
            Code::MissingExchangeRate => {
                "The amount is not in USD and no exchange rate was given for its currency."
            }
            #[cfg(feature = "tools")]
            Code::UnknownProgram => r#"The program must be "aliexpress" or "alibaba"."#,
            #[cfg(feature = "tools")]
            Code::InvalidAmount => r#"The amount must be a non-negative decimal such as "19.99"."#,
            #[cfg(feature = "tools")]
            Code::UnsupportedCurrency => r#"The currency must be a three-letter code such as "USD"."#,
            #[cfg(feature = "tools")]
            Code::InvalidDate => "Dates must be real dates written YYYY-MM-DD.",
            #[cfg(feature = "tools")]
            Code::CompletedBeforePaid => "The completion date is before the payment date.",
            #[cfg(feature = "tools")]
            Code::UnknownCategory => "The category is not in the rate card.",
            #[cfg(feature = "tools")]
            Code::InvalidCountry => r#"The country must be a two-letter ISO code such as "US"."#,
            #[cfg(feature = "tools")]
            Code::InvalidField => "A field of the order is missing or has the wrong type.",
            #[cfg(feature = "tools")]
            Code::InvalidRateCard => "The rate card cannot be used.",
            #[cfg(feature = "tools")]
            Code::MissingColumn => "The CSV has no column of that name.",
            #[cfg(feature = "tools")]
            Code::InvalidCsv => "The input is not valid CSV.",
            #[cfg(feature = "tools")]
            Code::UnreadableInput => "A file or input cannot be read.",
            #[cfg(feature = "tools")]
            Code::MissingMacro => {
                "The postback template lacks a macro reconciliation needs: {ord_id} and {est_com}."
            }
            #[cfg(feature = "tools")]
            Code::CompletionAssumed => {
                "The program's figures say the order is completed (or give no status); it is taken as completed within the time limits."
            }
            #[cfg(feature = "tools")]
            Code::BuyerAssumedReturning => {
                "The buyer type is unknown; the lower, returning-buyer rate is used."
            }
            #[cfg(feature = "tools")]
            Code::CountryRuleSkipped => {
                "The buyer's country is unknown; the country rules are skipped."
            }
            #[cfg(feature = "tools")]
            Code::DateUnknown => {
                "The program gave no date for the order; date rules are skipped and it is in no period."
            }
            Code::UnknownSetting => "This setting is not one afflink knows; it is ignored.",
            Code::InvalidSetting => "A link-conversion setting has a value that cannot be used.",
            Code::NoProgramSettings => {
                "Link conversion needs data-aff-short-key (AliExpress) or data-alibaba-template (Alibaba.com); no link was changed."
            }
            Code::ProgramNotConfigured => {
                "This product belongs to a program with no settings on this page, so the link was left as it is."
            }
            Code::InvalidArgument => "The function was called with a value of the wrong type.",
            Code::NotInitialized => "afflink is not ready: call and await init() first.",
            Code::AlreadyInitialized => {
                "afflink is already initialised from another source; init() takes its source once."
            }
            Code::DomError => "The page's DOM refused a change, so the link was left as it is.",
            // Codes the conversion-only build never produces (see above).
            #[cfg(not(feature = "tools"))]
            _ => "",
            #[cfg(feature = "cli")]
            Code::NetworkError => "The site could not be reached: no connection, a timeout or a broken answer. Nothing is known about the link; try again later.",
            #[cfg(feature = "cli")]
            Code::LeftProgram => "The link redirects to a site outside AliExpress and Alibaba.com; afflink does not follow it there.",
            #[cfg(feature = "cli")]
            Code::TooManyRedirects => "The link redirects more than 10 times; afflink stopped following it.",
            #[cfg(feature = "cli")]
            Code::HttpsRequired => "afflink only follows links over https://; a redirect led to plain http://, which it does not follow (a given program link over http:// is asked for over https://).",
            #[cfg(feature = "cli")]
            Code::NotResolved => "The short or tracking link answered without redirecting anywhere, so where it leads is unknown.",
            #[cfg(feature = "cli")]
            Code::NotFound => "The site answered that the page does not exist (HTTP 404 or 410).",
            #[cfg(feature = "cli")]
            Code::RedirectedToPage => "The product link now leads to the home page, a search or a category page, not to a product: the product was removed.",
            #[cfg(feature = "cli")]
            Code::ItemUnavailable => "The product page says the item is no longer available.",
            #[cfg(feature = "cli")]
            Code::Blocked => "The site refused the check (HTTP 401 or 403, a login or an anti-robot page); the link may still work in a browser.",
            #[cfg(feature = "cli")]
            Code::RateLimited => "The site asked afflink to slow down (HTTP 429); try again later with a longer --delay-ms.",
            #[cfg(feature = "cli")]
            Code::ServerError => "The site had an error (HTTP 5xx); try again later.",
            #[cfg(feature = "cli")]
            Code::UnexpectedStatus => "The site answered with a status afflink cannot read as live or gone.",
        }
    }

    /// Where the code is used, for the documentation table.
    pub const fn area(self) -> &'static str {
        match self {
            Code::NotAProductPage
            | Code::InvalidProductId
            | Code::AlreadyAffiliateLink
            | Code::NeedsResolving => "classification (kind is not `product`)",
            Code::NotAUrl
            | Code::UnsupportedScheme
            | Code::CredentialsInUrl
            | Code::PortNotAllowed
            | Code::UnknownHost
            | Code::LookalikeHost
            | Code::TooLong => "classification (kind `rejected`)",
            Code::UnknownParameter
            | Code::DuplicateParameter
            | Code::NotATrackingLink
            | Code::ValueTooLong
            | Code::InvalidValue
            | Code::InvalidKey
            | Code::InvalidTemplate
            | Code::MissingProductId
            | Code::WrongProgram
            | Code::AlreadyTracked => "link building",
            Code::InvalidPostbackUrl | Code::UnknownMacro | Code::MalformedMacro => {
                "postback check (error)"
            }
            Code::InsecureHttp | Code::MacroOutsideValue | Code::NoMacros => {
                "postback check (warning)"
            }
            Code::NotCompleted
            | Code::CompletedTooLate
            | Code::AmountTooHigh
            | Code::SpamOrder
            | Code::ExcludedCountry
            | Code::OutsideClickWindow
            | Code::ExcludedCategory
            | Code::Refunded
            | Code::Cancelled
            | Code::DuplicateOrder => "commission (order does not qualify)",
            Code::SessionTracking
            | Code::StaleRateCard
            | Code::CountryAlias
            | Code::PreviousSalesNotThisPeriod => "commission (warning)",
            Code::ExampleFigure | Code::ListingFigure | Code::AssumedFigure => {
                "commission (assumption: a figure that is not documented)"
            }
            Code::UnknownProgram
            | Code::InvalidAmount
            | Code::UnsupportedCurrency
            | Code::MissingExchangeRate
            | Code::InvalidDate
            | Code::CompletedBeforePaid
            | Code::UnknownCategory
            | Code::InvalidCountry
            | Code::InvalidField
            | Code::InvalidRateCard => "commission (bad input)",
            Code::MissingColumn | Code::InvalidCsv => "CSV input",
            Code::MissingMacro => "reconciliation (bad input)",
            Code::UnreadableInput => {
                "reconciliation (bad input); `afflink check` (a compressed page, health `unknown`)"
            }
            Code::CompletionAssumed
            | Code::BuyerAssumedReturning
            | Code::CountryRuleSkipped
            | Code::DateUnknown => "reconciliation (assumption in a line)",
            Code::UnknownSetting
            | Code::InvalidSetting
            | Code::NoProgramSettings
            | Code::ProgramNotConfigured => "link conversion (script-tag settings)",
            Code::InvalidArgument | Code::NotInitialized | Code::AlreadyInitialized => {
                "JavaScript boundary (thrown `Error.code`)"
            }
            Code::DomError => "DOM conversion (Rust feature `dom`)",
            #[cfg(feature = "cli")]
            Code::NetworkError
            | Code::LeftProgram
            | Code::TooManyRedirects
            | Code::HttpsRequired => {
                "`afflink resolve` and `afflink check` (network; health `unknown`)"
            }
            #[cfg(feature = "cli")]
            Code::RedirectedToPage => "`afflink check` (health `gone`)",
            #[cfg(feature = "cli")]
            Code::NotFound => {
                "`afflink check` (health `gone`); `afflink resolve` (a link that did not redirect)"
            }
            #[cfg(feature = "cli")]
            Code::ItemUnavailable => "`afflink check` (health `unavailable`)",
            #[cfg(feature = "cli")]
            Code::NotResolved
            | Code::Blocked
            | Code::RateLimited
            | Code::ServerError
            | Code::UnexpectedStatus => {
                "`afflink check` (health `unknown`); `afflink resolve` (a link that did not redirect)"
            }
        }
    }
}
