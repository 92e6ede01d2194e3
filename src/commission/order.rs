//! Orders as the estimator reads them: a JSON object with camelCase fields.

use rust_decimal::Decimal;
use serde_json::Value;
use time::{Date, Month};

use super::card::Buyer;
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
    /// The amount in USD (after discounts, without shipping).
    pub amount: Decimal,
    /// The product category (may be empty).
    pub category: String,
    /// New or returning buyer.
    pub buyer: Buyer,
    /// The buyer's country, ISO alpha-2 upper case.
    pub country: Option<String>,
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

fn field_error(code: Code, field: &str, why: impl std::fmt::Display) -> Error {
    Error::new(code, format!("{field}: {why}."))
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

/// Parses an amount: a decimal string, or a finite JSON number.
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
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    let amount = Decimal::from_str_exact(&text)
        .ok()
        .filter(|_| plain)
        .ok_or_else(|| {
            field_error(
                Code::InvalidAmount,
                field,
                format!("{text:?} is not a decimal amount such as \"19.99\""),
            )
        })?;
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

impl Order {
    /// Reads and checks an order object.
    ///
    /// # Errors
    ///
    /// A code naming the field: `invalid_field` (missing or wrong type), `unknown_program`,
    /// `invalid_amount`, `unsupported_currency`, `invalid_date` (also a click after the
    /// payment), `completed_before_paid`, `invalid_country`.
    pub fn from_json(v: &Value) -> Result<Order, Error> {
        if !v.is_object() {
            return Err(Error::new(
                Code::InvalidField,
                "An order must be a JSON object.",
            ));
        }
        let program = match required(v, "program")? {
            "aliexpress" => Program::AliExpress,
            "alibaba" => Program::Alibaba,
            other => {
                return Err(field_error(
                    Code::UnknownProgram,
                    "program",
                    format!("{other:?} is not \"aliexpress\" or \"alibaba\""),
                ))
            }
        };
        let order_id = order_id_of(v)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| field_error(Code::InvalidField, "orderId", "is required"))?;
        let amount = parse_amount(v.get("amount"), "amount")?;
        if let Some(currency) = text(v, "currency")? {
            if !currency.eq_ignore_ascii_case("USD") {
                return Err(field_error(
                    Code::UnsupportedCurrency,
                    "currency",
                    format!("{currency:?} is not supported; amounts must be in USD"),
                ));
            }
        }
        let category = text(v, "category")?.unwrap_or("").to_owned();
        let buyer = required(v, "buyer")?.parse::<Buyer>().map_err(|()| {
            field_error(
                Code::InvalidField,
                "buyer",
                "must be \"new\" or \"returning\"",
            )
        })?;
        let country = match text(v, "country")? {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => {
                return Err(field_error(
                    Code::InvalidCountry,
                    "country",
                    format!("{c:?} is not a two-letter ISO country code"),
                ))
            }
            None if program == Program::Alibaba => {
                return Err(field_error(
                    Code::InvalidField,
                    "country",
                    "is required for alibaba orders (rates and eligibility depend on it)",
                ))
            }
            None => None,
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
                    "is before paidDate",
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
                "is after paidDate",
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
            amount,
            category,
            buyer,
            country,
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
                "is required when status is completed",
            ));
        }
        Ok(order)
    }

    /// Whether the status is completed (`completed` or the programs' `Trade Completed`).
    pub fn completed(&self) -> bool {
        let s = self.status.trim();
        s.eq_ignore_ascii_case("completed") || s.eq_ignore_ascii_case("trade completed")
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
