//! The context of an estimate: the rate cards in force, what is known of the previous
//! period's sales, exchange rates and how a report groups its totals (JSON in, checked once).

use rust_decimal::Decimal;
use serde_json::Value;
use time::Date;

use super::*;

/// How the previous period's sales are known, for performance incentives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IncentiveBasis {
    /// No incentive is applied.
    #[default]
    None,
    /// The previous period's sales, applied to every order.
    PreviousPeriodSales(Decimal),
    /// The orders are the whole history: each period's qualifying sales set the incentive
    /// of the next period.
    History,
}

/// How a report groups its totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// By the program's calculation period (calendar months for programs without one).
    #[default]
    Period,
    /// By calendar month.
    Month,
}

impl GroupBy {
    /// `period` or `month`.
    pub fn parse(s: &str) -> Option<GroupBy> {
        match s.trim() {
            "period" => Some(GroupBy::Period),
            "month" => Some(GroupBy::Month),
            _ => None,
        }
    }
}

/// What an estimate needs besides the orders.
#[derive(Debug, Clone, Default)]
pub struct EstimateContext {
    /// The incentive basis.
    pub incentive: IncentiveBasis,
    /// Rate cards to use instead of the shipped defaults, per program.
    pub cards: Vec<RateCard>,
    /// USD per unit of each other currency (`EUR` → `1.0800`).
    pub exchange_rates: ExchangeRates,
    /// How the summary groups its totals.
    pub group_by: GroupBy,
}

/// Reads `EUR=1.0800` (1 EUR = 1.08 USD).
///
/// # Errors
///
/// `invalid_field` for a malformed pair, `invalid_amount` for a rate that is not a positive
/// decimal.
pub fn parse_exchange_rate(pair: &str) -> Result<(String, Decimal), Error> {
    let Some((currency, rate)) = pair.split_once('=') else {
        return Err(Error::new(
            Code::InvalidField,
            format!("The exchange rate {pair:?} is not written CURRENCY=RATE, such as EUR=1.0800."),
        ));
    };
    exchange_rate(currency, &Value::String(rate.to_owned()))
}

fn exchange_rate(currency: &str, rate: &Value) -> Result<(String, Decimal), Error> {
    let currency = currency.trim();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::new(
            Code::InvalidField,
            format!("The exchange rate's currency {currency:?} is not a three-letter currency code such as EUR."),
        ));
    }
    let value = order::parse_amount(Some(rate), &format!("exchangeRates.{currency}"))?;
    if value.is_zero() {
        return Err(Error::new(
            Code::InvalidAmount,
            format!("The exchange rate of {currency} must be more than 0 (field \"exchangeRates.{currency}\")."),
        ));
    }
    Ok((currency.to_ascii_uppercase(), value))
}

/// The keys of a context object, in the documented order.
const CONTEXT_KEYS: [&str; 5] = [
    "previousPeriodSales",
    "history",
    "rateCards",
    "exchangeRates",
    "groupBy",
];

/// `invalid_field` for a key that is not a context key, with the closest one (case, `-` and
/// `_` aside, at most two edits away) and the list, as the JavaScript package says it.
fn unknown_key(key: &str) -> Error {
    let squash = |k: &str| -> String {
        k.chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let near = CONTEXT_KEYS
        .iter()
        .map(|k| (crate::postback::edit_distance(&squash(k), &squash(key)), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| format!(" Did you mean {k:?}?"))
        .unwrap_or_default();
    Error::new(
        Code::InvalidField,
        format!(
            "Unknown key {key:?} in the context.{near} The keys are {}.",
            CONTEXT_KEYS.join(", ")
        ),
    )
}

impl EstimateContext {
    /// Reads a context object `{previousPeriodSales?, history?, rateCards?, exchangeRates?,
    /// groupBy?}` (JSON, camelCase); `null` is the empty context. A rate card is a shipped
    /// card's name (`"aliexpress-example-2016"`) or a card object, whole or partial (merged
    /// over the default of its program).
    ///
    /// # Errors
    ///
    /// `invalid_field` (wrong types, both `previousPeriodSales` and `history`, or a key
    /// that is none of these, named with the closest one: a misspelled
    /// `previousPeriodSale` must not drop the incentive in silence), `invalid_amount`,
    /// `invalid_rate_card` (also an unknown card name).
    pub fn from_json(v: &Value) -> Result<EstimateContext, Error> {
        let mut ctx = EstimateContext::default();
        if v.is_null() {
            return Ok(ctx);
        }
        let Some(o) = v.as_object() else {
            return Err(Error::new(
                Code::InvalidField,
                "The context must be an object.",
            ));
        };
        if let Some(key) = o.keys().find(|k| !CONTEXT_KEYS.contains(&k.as_str())) {
            return Err(unknown_key(key));
        }
        let history = match o.get("history") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "The history flag must be true or false (field \"history\").",
                ))
            }
        };
        match o.get("previousPeriodSales") {
            None | Some(Value::Null) => {}
            Some(_) if history => {
                return Err(Error::new(
                    Code::InvalidField,
                    "Give the previous period's sales or the history flag, not both (fields \"previousPeriodSales\" and \"history\").",
                ));
            }
            sales => {
                ctx.incentive = IncentiveBasis::PreviousPeriodSales(order::parse_amount(
                    sales,
                    "previousPeriodSales",
                )?)
            }
        }
        if history {
            ctx.incentive = IncentiveBasis::History;
        }
        match o.get("rateCards") {
            None | Some(Value::Null) => {}
            Some(Value::Array(cards)) => {
                for card in cards {
                    let card = match card {
                        Value::String(name) => RateCard::named(name).ok_or_else(|| {
                            Error::new(
                                Code::InvalidRateCard,
                                format!(
                                    "The rate card cannot be used: {name:?} is not a shipped card ({}).",
                                    shipped::shipped_names()
                                ),
                            )
                        })?,
                        other => RateCard::from_user_json(&other.to_string())?,
                    };
                    // A later card for the same program replaces an earlier one.
                    ctx.cards.retain(|c| c.program != card.program);
                    ctx.cards.push(card);
                }
            }
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "The rate cards must be an array of rate cards (field \"rateCards\").",
                ))
            }
        }
        match o.get("exchangeRates") {
            None | Some(Value::Null) => {}
            Some(Value::Object(rates)) => {
                for (currency, rate) in rates {
                    let (currency, rate) = exchange_rate(currency, rate)?;
                    ctx.exchange_rates.insert(currency, rate);
                }
            }
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "The exchange rates must be an object such as {\"EUR\": \"1.0800\"} (field \"exchangeRates\").",
                ))
            }
        }
        match o.get("groupBy") {
            None | Some(Value::Null) => {}
            Some(Value::String(g)) if GroupBy::parse(g).is_some() => {
                ctx.group_by = GroupBy::parse(g).unwrap_or_default();
            }
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "The grouping must be \"period\" or \"month\" (field \"groupBy\").",
                ))
            }
        }
        Ok(ctx)
    }

    pub(crate) fn card(&self, program: Program) -> &RateCard {
        self.cards
            .iter()
            .find(|c| c.program == program)
            .unwrap_or_else(|| RateCard::default_ref(program))
    }
}

/// The calculation period `[start, end]` containing `date`, for periods starting on
/// `start_day` of each month.
///
/// `start_day` is a day every month has, 1 to 28, as a rate card's `period.startDay`; a day
/// outside is read as the nearest one (0 as 1, 31 as 28), so `start <= date <= end` always.
///
/// ```
/// use afflink::commission::calculation_period;
/// use time::{Date, Month};
/// let d = |m, day| Date::from_calendar_date(2016, m, day).unwrap();
/// // AliExpress periods run from the 10th to the 9th of the following month.
/// assert_eq!(calculation_period(d(Month::October, 5), 10), (d(Month::September, 10), d(Month::October, 9)));
/// assert_eq!(calculation_period(d(Month::March, 5), 31), (d(Month::February, 28), d(Month::March, 27)));
/// ```
pub fn calculation_period(date: Date, start_day: u8) -> (Date, Date) {
    // Every card is checked (1 to 28) before the WebAssembly builds use it; a Rust caller
    // may give any day.
    #[cfg(not(target_arch = "wasm32"))]
    let start_day = start_day.clamp(1, 28);
    let (year, month) = if date.day() >= start_day {
        (date.year(), date.month())
    } else if date.month() == time::Month::January {
        (date.year() - 1, time::Month::December)
    } else {
        (date.year(), date.month().previous())
    };
    let start = Date::from_calendar_date(year, month, start_day).unwrap_or(date);
    let next_year = if month == time::Month::December {
        year + 1
    } else {
        year
    };
    // The last period of year 9999 runs to the last day a `Date` has.
    let end = match Date::from_calendar_date(next_year, month.next(), start_day) {
        Ok(next) => next.previous_day().unwrap_or(next),
        Err(_) => Date::MAX,
    };
    (start, end)
}

/// The calendar month `[first, last]` containing `date`.
pub(crate) fn calendar_month(date: Date) -> (Date, Date) {
    let first = date.replace_day(1).unwrap_or(date);
    let last =
        Date::from_calendar_date(date.year(), date.month(), date.month().length(date.year()))
            .unwrap_or(date);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_start_day_no_month_has_still_gives_a_period_around_the_date() {
        let date = Date::from_calendar_date(2025, time::Month::March, 5).unwrap();
        for day in [0, 1, 5, 6, 28, 29, 30, 31, 255] {
            let (start, end) = calculation_period(date, day);
            assert!(start <= date && date <= end, "{day}: {start}..{end}");
        }
        let last = Date::from_calendar_date(9999, time::Month::December, 15).unwrap();
        assert_eq!(
            calculation_period(last, 10),
            (last.replace_day(10).unwrap(), Date::MAX)
        );
        let (start, end) = calculation_period(date, 0);
        assert_eq!(
            (start.to_string(), end.to_string()),
            ("2025-03-01".into(), "2025-03-31".into())
        );
    }

    #[test]
    fn an_unknown_key_is_refused_with_the_closest_one() {
        let e = EstimateContext::from_json(&json!({"previousPeriodSale": "400000"})).unwrap_err();
        assert_eq!(e.code(), Code::InvalidField);
        assert_eq!(
            e.message(),
            "Unknown key \"previousPeriodSale\" in the context. Did you mean \"previousPeriodSales\"? The keys are previousPeriodSales, history, rateCards, exchangeRates, groupBy."
        );
        let e = EstimateContext::from_json(&json!({"group_by": "month"})).unwrap_err();
        assert!(
            e.message().contains("Did you mean \"groupBy\"?"),
            "{}",
            e.message()
        );
        let e = EstimateContext::from_json(&json!({"currency": "EUR"})).unwrap_err();
        assert!(!e.message().contains("Did you mean"), "{}", e.message());
        let every = json!({"previousPeriodSales": null, "history": false, "rateCards": [], "exchangeRates": {}, "groupBy": "month"});
        assert!(EstimateContext::from_json(&every).is_ok());
    }
}
