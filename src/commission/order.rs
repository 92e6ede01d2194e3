//! Orders as the estimator reads them: a JSON object with camelCase fields.

use rust_decimal::Decimal;
use serde_json::Value;
use time::{Date, Month};

use super::card::Buyer;
pub(crate) use super::fields::{field_error, iso_country, number_text, UNKNOWN_COUNTRY};
use crate::{Code, Error, Program};

/// The largest order amount accepted (a guard against typos and overflow).
const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// An order, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The program.
    pub program: Program,
    /// The order's id.
    pub order_id: String,
    /// The amount in USD (after discounts, without shipping), converted unrounded.
    pub amount: Decimal,
    /// The currency the order was given in (upper case, `USD` by default).
    pub currency: String,
    /// The amount as given, in `currency`.
    pub original_amount: Decimal,
    /// USD per unit of `currency`, for non-USD orders.
    pub exchange_rate: Option<Decimal>,
    /// The product category (may be empty).
    pub category: String,
    /// The items bought (empty when the order gives no `items`), amounts in USD.
    pub items: Vec<Item>,
    /// The refunded part of the amount, in USD (zero when none).
    pub refunded_amount: Decimal,
    /// New or returning buyer.
    pub buyer: Buyer,
    /// The buyer's country, ISO 3166-1 alpha-2 upper case (`uk` and `UK` read as `GB`).
    pub country: Option<String>,
    /// Whether the country was written `UK` (any case) and read as `GB`: the estimate
    /// carries the warning `country_alias`.
    pub country_alias: bool,
    /// The status as given.
    pub status: String,
    /// When the order was paid.
    pub paid: Date,
    /// When it was completed.
    pub completed: Option<Date>,
    /// When the affiliate link was clicked.
    pub click: Option<Date>,
    /// The spam flag.
    pub spam: bool,
}

/// One product of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its category (may be empty).
    pub category: String,
    /// Its amount in USD, converted unrounded.
    pub amount: Decimal,
}

/// A row `{"type": "adjustment", program, orderId, amount, date}`: a correction the program
/// made (negative allowed), netted into the totals of the period its date falls in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// The program.
    pub program: Program,
    /// The order it corrects, if given.
    pub order_id: Option<String>,
    /// The amount of commission in USD (negative for a deduction).
    pub amount: Decimal,
    /// When it was booked.
    pub date: Date,
}

/// Exchange rates: USD per unit of each currency (`EUR` → `1.0800`), upper-case codes. A
/// list, not a map: there are a few, and a map type of its own would cost the WebAssembly
/// module more than the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeRates(pub Vec<(String, Decimal)>);

impl ExchangeRates {
    /// No rates.
    pub fn new() -> ExchangeRates {
        ExchangeRates::default()
    }

    /// Sets the rate of a currency (upper case), replacing an earlier one. A rate that is
    /// not more than 0, or above 1,000,000,000,000, is refused (`invalid_amount`) by each
    /// order that uses it.
    pub fn insert(&mut self, currency: String, rate: Decimal) {
        self.0.retain(|(c, _)| *c != currency);
        self.0.push((currency, rate));
    }

    /// The rate of a currency (upper case).
    pub fn get(&self, currency: &str) -> Option<&Decimal> {
        self.0.iter().find(|(c, _)| c == currency).map(|(_, r)| r)
    }
}

/// The order id as far as it can be read, for the output line of a refused order.
pub(crate) fn order_id_of(v: &Value) -> Option<String> {
    match v.get("orderId")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text<'a>(v: &'a Value, field: &str) -> Result<Option<&'a str>, Error> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim())),
        Some(other) => Err(field_error(
            Code::InvalidField,
            field,
            format!("must be a string, not {other}"),
        )),
    }
}

fn required<'a>(v: &'a Value, field: &str) -> Result<&'a str, Error> {
    text(v, field)?.ok_or_else(|| field_error(Code::InvalidField, field, "is required"))
}

/// `YYYY-MM-DD`, checked against the calendar by the date crate.
pub(crate) fn parse_date(s: &str, field: &str) -> Result<Date, Error> {
    let bad = || {
        field_error(
            Code::InvalidDate,
            field,
            format!("{s:?} is not a date written YYYY-MM-DD"),
        )
    };
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(bad());
    };
    let month = Month::try_from(m).map_err(|_| bad())?;
    Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// Parses an amount: a decimal string as people write it (see [`number_text`]: `1,299.00`,
/// `$19.99`, `US$ 12,345`), or a finite JSON number.
pub(crate) fn parse_amount(v: Option<&Value>, field: &str) -> Result<Decimal, Error> {
    let text = match v {
        Some(Value::String(s)) => s.trim().to_owned(),
        // A JSON number's shortest round-trip text: 19.99 stays 19.99.
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => {
            return Err(field_error(Code::InvalidField, field, "is required"))
        }
        Some(other) => {
            return Err(field_error(
                Code::InvalidAmount,
                field,
                format!("{other} is not an amount"),
            ))
        }
    };
    let amount =
        number_text(&text, true).map_err(|why| field_error(Code::InvalidAmount, field, why))?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(field_error(
            Code::InvalidAmount,
            field,
            format!("{text} is negative"),
        ));
    }
    if amount > Decimal::from(MAX_AMOUNT) {
        return Err(field_error(
            Code::InvalidAmount,
            field,
            format!("{text} is larger than {MAX_AMOUNT}"),
        ));
    }
    Ok(amount.abs())
}

fn program_of(v: &Value) -> Result<Program, Error> {
    match required(v, "program")? {
        "aliexpress" => Ok(Program::AliExpress),
        "alibaba" => Ok(Program::Alibaba),
        other => Err(field_error(
            Code::UnknownProgram,
            "program",
            format!("{other:?} is not \"aliexpress\" or \"alibaba\""),
        )),
    }
}

/// Whether a row is an adjustment (`"type": "adjustment"`).
pub(crate) fn is_adjustment(v: &Value) -> bool {
    v.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("adjustment"))
}

/// The currency of a row (upper case) and its rate to USD (`None` for USD).
fn currency_of(v: &Value, rates: &ExchangeRates) -> Result<(String, Option<Decimal>), Error> {
    let Some(currency) = text(v, "currency")? else {
        return Ok(("USD".to_owned(), None));
    };
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(field_error(
            Code::UnsupportedCurrency,
            "currency",
            format!("{currency:?} is not a three-letter currency code such as \"USD\""),
        ));
    }
    let currency = currency.to_ascii_uppercase();
    if currency == "USD" {
        return Ok((currency, None));
    }
    match rates.get(&currency) {
        // Rates read from JSON or text are checked there, and are all the WebAssembly
        // builds have; a Rust caller may `insert` any decimal.
        #[cfg(not(target_arch = "wasm32"))]
        Some(rate) if *rate <= Decimal::ZERO || *rate > Decimal::from(MAX_AMOUNT) => {
            Err(Error::new(
                Code::InvalidAmount,
                format!("The exchange rate of {currency}, {rate}, must be more than 0 and at most {MAX_AMOUNT} (field \"exchangeRates.{currency}\")."),
            ))
        }
        Some(rate) => Ok((currency, Some(*rate))),
        None => Err(field_error(
            Code::MissingExchangeRate,
            "currency",
            format!(
                "{currency} has no exchange rate: give one as --exchange-rate {currency}=1.0800 (USD per {currency}) or context.exchangeRates"
            ),
        )),
    }
}

impl Adjustment {
    /// Reads an adjustment row.
    ///
    /// # Errors
    ///
    /// `invalid_field`, `unknown_program`, `invalid_amount`, `invalid_date`,
    /// `unsupported_currency`, `missing_exchange_rate`.
    pub fn from_json(v: &Value, rates: &ExchangeRates) -> Result<Adjustment, Error> {
        let program = program_of(v)?;
        let order_id = order_id_of(v).filter(|s| !s.trim().is_empty());
        let (_, rate) = currency_of(v, rates)?;
        let amount = parse_signed_amount(v.get("amount"), "amount")?;
        let date = parse_date(required(v, "date")?, "date")?;
        Ok(Adjustment {
            program,
            order_id,
            amount: rate.map_or(amount, |r| amount * r),
            date,
        })
    }
}

/// An amount that may be negative (adjustments).
fn parse_signed_amount(v: Option<&Value>, field: &str) -> Result<Decimal, Error> {
    let negative = match v {
        Some(Value::String(s)) => s.trim().starts_with('-'),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f < 0.0),
        _ => false,
    };
    let positive = match v {
        Some(Value::String(s)) if negative => Value::String(s.trim()[1..].to_owned()),
        Some(Value::Number(n)) if negative => Value::String(n.to_string()[1..].to_owned()),
        Some(other) => other.clone(),
        None => Value::Null,
    };
    let amount = parse_amount(Some(&positive), field)?;
    Ok(if negative { -amount } else { amount })
}

fn parse_items(v: &Value) -> Result<Vec<Item>, Error> {
    let items = match v.get("items") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(_) => {
            return Err(field_error(
                Code::InvalidField,
                "items",
                "must be a non-empty array of {category, amount}",
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if !item.is_object() {
                return Err(field_error(
                    Code::InvalidField,
                    &format!("items[{i}]"),
                    "must be an object {category, amount}",
                ));
            }
            let amount = parse_amount(item.get("amount"), &format!("items[{i}].amount"))?;
            Ok(Item {
                category: text(item, "category")
                    .map_err(|_| {
                        field_error(
                            Code::InvalidField,
                            &format!("items[{i}].category"),
                            "must be a string",
                        )
                    })?
                    .unwrap_or("")
                    .to_owned(),
                amount,
            })
        })
        .collect()
}

impl Order {
    /// Reads and checks a USD order object (see [`Order::from_json_with`]).
    ///
    /// # Errors
    ///
    /// As [`Order::from_json_with`]; a non-USD order gets `missing_exchange_rate`.
    pub fn from_json(v: &Value) -> Result<Order, Error> {
        Self::from_json_with(v, &ExchangeRates::new())
    }

    /// Reads and checks an order object; amounts in another currency are converted to USD
    /// with `rates` (USD per unit), unrounded.
    ///
    /// # Errors
    ///
    /// A code naming the field: `invalid_field` (missing or wrong type), `unknown_program`,
    /// `invalid_amount`, `unsupported_currency`, `missing_exchange_rate`, `invalid_date`
    /// (also a click after the payment), `completed_before_paid`, `invalid_country`.
    pub fn from_json_with(v: &Value, rates: &ExchangeRates) -> Result<Order, Error> {
        if !v.is_object() {
            return Err(Error::new(
                Code::InvalidField,
                "An order must be a JSON object.",
            ));
        }
        let program = program_of(v)?;
        let order_id = order_id_of(v)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| field_error(Code::InvalidField, "orderId", "is required"))?;
        let (currency, exchange_rate) = currency_of(v, rates)?;
        let items = parse_items(v)?;
        let items_sum: Decimal = items.iter().map(|i| i.amount).sum();
        let original_amount = match v.get("amount") {
            None | Some(Value::Null) if !items.is_empty() => items_sum,
            given => {
                let amount = parse_amount(given, "amount")?;
                if !items.is_empty() && amount != items_sum {
                    return Err(field_error(
                        Code::InvalidField,
                        "amount",
                        format!("{amount} is not the sum of the items ({items_sum})"),
                    ));
                }
                amount
            }
        };
        let usd = |d: Decimal| exchange_rate.map_or(d, |r| d * r);
        let items: Vec<Item> = items
            .into_iter()
            .map(|i| Item {
                amount: usd(i.amount),
                ..i
            })
            .collect();
        let refunded = match v.get("refundedAmount") {
            None | Some(Value::Null) => Decimal::ZERO,
            given => parse_amount(given, "refundedAmount")?,
        };
        if refunded > original_amount {
            return Err(field_error(
                Code::InvalidAmount,
                "refundedAmount",
                format!("{refunded} is more than the amount {original_amount}"),
            ));
        }
        let category = text(v, "category")?.unwrap_or("").to_owned();
        let buyer = required(v, "buyer")?.parse::<Buyer>().map_err(|()| {
            field_error(
                Code::InvalidField,
                "buyer",
                "must be \"new\" or \"returning\"",
            )
        })?;
        let (country, country_alias) = match text(v, "country")? {
            Some(UNKNOWN_COUNTRY) => (Some("ZZ".to_owned()), false),
            Some(c) => match iso_country(c) {
                Some((code, alias)) => (Some(code), alias),
                None => {
                    return Err(field_error(
                        Code::InvalidCountry,
                        "country",
                        format!("{c:?} is not an ISO 3166-1 country code such as US or GB"),
                    ))
                }
            },
            None if program == Program::Alibaba => {
                return Err(field_error(
                    Code::InvalidField,
                    "country",
                    "is required for alibaba orders (rates and eligibility depend on it)",
                ))
            }
            None => (None, false),
        };
        let status = required(v, "status")?.to_owned();
        let paid = parse_date(required(v, "paidDate")?, "paidDate")?;
        let completed = text(v, "completedDate")?
            .map(|s| parse_date(s, "completedDate"))
            .transpose()?;
        if let Some(completed) = completed {
            if completed < paid {
                return Err(field_error(
                    Code::CompletedBeforePaid,
                    "completedDate",
                    "is before the payment date",
                ));
            }
        }
        let click = text(v, "clickDate")?
            .map(|s| parse_date(s, "clickDate"))
            .transpose()?;
        if click.is_some_and(|c| c > paid) {
            return Err(field_error(
                Code::InvalidDate,
                "clickDate",
                "is after the payment date",
            ));
        }
        let spam = match v.get("spam") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "" | "n" | "no" | "false" => false,
                "y" | "yes" | "true" => true,
                _ => {
                    return Err(field_error(
                        Code::InvalidField,
                        "spam",
                        format!("{s:?} is not true/false or Y/N"),
                    ))
                }
            },
            Some(other) => {
                return Err(field_error(
                    Code::InvalidField,
                    "spam",
                    format!("{other} is not true/false"),
                ))
            }
        };
        let order = Order {
            program,
            order_id,
            amount: usd(original_amount),
            currency,
            original_amount,
            exchange_rate,
            category,
            items,
            refunded_amount: usd(refunded),
            buyer,
            country,
            country_alias,
            status,
            paid,
            completed,
            click,
            spam,
        };
        if order.completed() && order.completed.is_none() {
            return Err(field_error(
                Code::InvalidField,
                "completedDate",
                "is required when the status is completed",
            ));
        }
        Ok(order)
    }

    /// Whether the status is completed (`completed` or the programs' `Trade Completed`).
    pub fn completed(&self) -> bool {
        let s = self.status.trim();
        s.eq_ignore_ascii_case("completed") || s.eq_ignore_ascii_case("trade completed")
    }

    /// Whether the status says the order was refunded.
    pub fn refunded(&self) -> bool {
        self.status.trim().eq_ignore_ascii_case("refunded")
    }

    /// Whether the status says the order was cancelled (`cancelled`, `canceled`).
    pub fn cancelled(&self) -> bool {
        let s = self.status.trim();
        s.eq_ignore_ascii_case("cancelled") || s.eq_ignore_ascii_case("canceled")
    }

    /// The commission base in USD: the amount less any refunded part.
    pub fn base(&self) -> Decimal {
        self.amount - self.refunded_amount
    }

    /// Days from payment to completion.
    pub fn days_paid_to_completed(&self) -> Option<i64> {
        self.completed.map(|c| (c - self.paid).whole_days())
    }

    /// Days from the click to payment.
    pub fn days_click_to_paid(&self) -> Option<i64> {
        self.click.map(|c| (self.paid - c).whole_days())
    }
}
