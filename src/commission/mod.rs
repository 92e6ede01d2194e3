//! Commission estimation to the cent, from rate cards held as data.
//!
//! The rules, the rate-card schema and the rounding are documented in `docs/COMMISSION.md`.

mod card;
mod order;
mod reconcile;
mod report;
mod rules;
mod shipped;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;
use time::Date;

pub use card::{
    Basis, Buyer, Cap, Dec, Figure, Incentive, IncentiveStep, Part, Payout, Period, Qualification,
    RateCard, Rule, Tier, TierMode, Tiers, When, RATE_CARD_SCHEMA,
};
pub use order::{Adjustment, ExchangeRates, Item, Order};
pub use reconcile::{
    read_order_report, read_postback_log, reconcile, reconcile_input, report_aliases,
    suggest_rate_card, MatchStatus, ReadStats, ReconcileLine, ReconcileOutput, ReconcileSummary,
    ReconcileTotal, Reconciliation, ReportedOrder, ReportedOrders, COMPLETED_STATUSES,
    RECONCILE_TOLERANCE, REPORT_FIELDS,
};
pub use report::{
    estimate_commissions, AdjustmentLine, PayoutEstimate, PeriodTotal, Report, ReportLine, Summary,
};
pub use rules::calculation_period;
use rules::estimate_with;
pub use shipped::CardInfo;

use crate::{Code, Error, Program};

/// Rounds to the cent, half away from zero (`0.005` → `0.01`, `-0.005` → `-0.01`).
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(afflink::commission::round_to_cent("2.345".parse::<Decimal>().unwrap()).to_string(), "2.35");
/// assert_eq!(afflink::commission::round_to_cent("2.344".parse::<Decimal>().unwrap()).to_string(), "2.34");
/// assert_eq!(afflink::commission::round_to_cent(Decimal::from(3)).to_string(), "3.00");
/// ```
pub fn round_to_cent(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

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
            format!("exchange rate: {pair:?} is not CURRENCY=RATE such as EUR=1.0800."),
        ));
    };
    exchange_rate(currency, &Value::String(rate.to_owned()))
}

fn exchange_rate(currency: &str, rate: &Value) -> Result<(String, Decimal), Error> {
    let currency = currency.trim();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::new(
            Code::InvalidField,
            format!("exchange rate: {currency:?} is not a three-letter currency code."),
        ));
    }
    let value = order::parse_amount(Some(rate), &format!("exchangeRates.{currency}"))?;
    if value.is_zero() {
        return Err(Error::new(
            Code::InvalidAmount,
            format!("exchangeRates.{currency}: must be more than 0."),
        ));
    }
    Ok((currency.to_ascii_uppercase(), value))
}

impl EstimateContext {
    /// Reads a context object `{previousPeriodSales?, history?, rateCards?, exchangeRates?,
    /// groupBy?}` (JSON, camelCase); `null` is the empty context. A rate card is a shipped
    /// card's name (`"aliexpress-example-2016"`) or a card object, whole or partial (merged
    /// over the default of its program).
    ///
    /// # Errors
    ///
    /// `invalid_field` (wrong types, or both `previousPeriodSales` and `history`),
    /// `invalid_amount`, `invalid_rate_card` (also an unknown card name).
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
        let history = match o.get("history") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "history: must be true or false.",
                ))
            }
        };
        match o.get("previousPeriodSales") {
            None | Some(Value::Null) => {}
            Some(_) if history => {
                return Err(Error::new(
                    Code::InvalidField,
                    "Give previousPeriodSales or history, not both.",
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
                    "rateCards: must be an array of rate cards.",
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
                    "exchangeRates: must be an object such as {\"EUR\": \"1.0800\"}.",
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
                    "groupBy: must be \"period\" or \"month\".",
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

/// One line of the breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Which part of the commission.
    pub part: Part,
    /// The rule's label.
    pub label: String,
    /// The rate of this line in percent (`None` for the cap).
    pub rate_percent: Option<Decimal>,
    /// What this line adds, to the cent; the lines add up to the commission.
    pub amount: Decimal,
}

/// Why an order does not qualify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// The stable code.
    pub code: Code,
    /// A sentence naming the rule and the order's value.
    pub message: String,
}

/// The estimate for one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// The order's id.
    pub order_id: String,
    /// The program.
    pub program: Program,
    /// The name of the rate card used (`None` for a user's card without an `id`).
    pub card: Option<String>,
    /// The order amount in USD, converted unrounded.
    pub amount: Decimal,
    /// The currency the order was given in.
    pub currency: String,
    /// The amount as given, in `currency`.
    pub original_amount: Decimal,
    /// USD per unit of `currency`, for non-USD orders.
    pub exchange_rate: Option<Decimal>,
    /// The refunded part of the amount, in USD.
    pub refunded_amount: Decimal,
    /// Whether the order earns a commission.
    pub qualifies: bool,
    /// Every qualification rule the order failed (empty when it qualifies).
    pub reasons: Vec<Failed>,
    /// The total rate in percent (0 when it does not qualify).
    pub rate_percent: Decimal,
    /// The labelled lines (empty when it does not qualify).
    pub breakdown: Vec<Line>,
    /// Each item's rate, for orders with `items`.
    pub items: Vec<ItemEstimate>,
    /// The commission, to the cent.
    pub commission: Decimal,
    /// The calculation period of the order (programs that have periods).
    pub period: Option<(Date, Date)>,
    /// When the order was paid.
    pub paid: Date,
    /// Things to know that do not change the figure (`session_tracking`, `stale_rate_card`,
    /// `duplicate_order`).
    pub warnings: Vec<Failed>,
    /// Each figure used whose basis is not `documented` or `user`.
    pub assumptions: Vec<Failed>,
}

/// One item of an order with `items`: the rule its category got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEstimate {
    /// The item's category.
    pub category: String,
    /// Its amount in USD.
    pub amount: Decimal,
    /// The label of the rule that rated it.
    pub label: String,
    /// Its rate in percent (without the incentive).
    pub rate_percent: Decimal,
}

impl Serialize for ItemEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Item", 4)?;
        st.serialize_field("category", &self.category)?;
        st.serialize_field("amount", &amount_string(self.amount))?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("ratePercent", &rate_string(self.rate_percent))?;
        st.end()
    }
}

/// An amount as shown: at least two decimals, more when a conversion left more.
pub(crate) fn amount_string(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() < 2 {
        round_to_cent(d).to_string()
    } else {
        n.to_string()
    }
}

pub(crate) fn date_string(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

struct PeriodJson((Date, Date));

impl Serialize for PeriodJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Period", 2)?;
        st.serialize_field("start", &date_string(self.0 .0))?;
        st.serialize_field("end", &date_string(self.0 .1))?;
        st.end()
    }
}

pub(crate) fn rate_string(d: Decimal) -> String {
    d.normalize().to_string()
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Line", 4)?;
        st.serialize_field("part", &self.part)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("ratePercent", &self.rate_percent.map(rate_string))?;
        st.serialize_field("amount", &round_to_cent(self.amount).to_string())?;
        st.end()
    }
}

impl Serialize for Failed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Reason", 2)?;
        st.serialize_field("code", self.code.as_str())?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

/// `{orderId, program, card, qualifies, reasons, ratePercent, breakdown, commission, period,
/// currency, amount, exchangeRate, amountUsd, refundedAmount, items?, warnings,
/// assumptions}`.
impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Estimate", 17)?;
        st.serialize_field("orderId", &self.order_id)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("card", &self.card)?;
        st.serialize_field("qualifies", &self.qualifies)?;
        st.serialize_field("reasons", &self.reasons)?;
        st.serialize_field("ratePercent", &rate_string(self.rate_percent))?;
        st.serialize_field("breakdown", &self.breakdown)?;
        st.serialize_field("commission", &round_to_cent(self.commission).to_string())?;
        st.serialize_field("period", &self.period.map(PeriodJson))?;
        st.serialize_field("currency", &self.currency)?;
        st.serialize_field("amount", &amount_string(self.original_amount))?;
        st.serialize_field("exchangeRate", &self.exchange_rate.map(|r| r.to_string()))?;
        st.serialize_field("amountUsd", &amount_string(self.amount))?;
        st.serialize_field("refundedAmount", &amount_string(self.refunded_amount))?;
        if !self.items.is_empty() {
            st.serialize_field("items", &self.items)?;
        }
        st.serialize_field("warnings", &self.warnings)?;
        st.serialize_field("assumptions", &self.assumptions)?;
        st.end()
    }
}

/// Estimates the commission of one order (a JSON object, see `docs/COMMISSION.md`).
///
/// ```
/// use afflink::{estimate_commission, EstimateContext};
/// use afflink::commission::IncentiveBasis;
/// use serde_json::json;
///
/// let order = json!({"program": "aliexpress", "orderId": "A1", "amount": "59.99", "category": "Apparel",
///     "buyer": "new", "status": "completed", "paidDate": "2016-10-12", "completedDate": "2016-10-30"});
/// // The default card: the documented 8% (new buyers included) plus the documented +2%.
/// let mut ctx = EstimateContext { incentive: IncentiveBasis::PreviousPeriodSales(400_000.into()), ..Default::default() };
/// let e = estimate_commission(&order, &ctx).unwrap();
/// assert_eq!(e.rate_percent.to_string(), "10");
/// assert!(e.assumptions.is_empty());
/// // The program's worked example (a named card): a new-buyer order earns 16%.
/// ctx.cards.push(afflink::RateCard::named("aliexpress-example-2016").unwrap());
/// let e = estimate_commission(&order, &ctx).unwrap();
/// assert_eq!(e.rate_percent.to_string(), "16");
/// assert_eq!(e.commission.to_string(), "9.60"); // 59.99 × 16% = 9.5984
/// assert_eq!(e.assumptions[0].code.as_str(), "example_figure");
/// ```
///
/// # Errors
///
/// `invalid_field`, `unknown_program`, `invalid_amount`, `unsupported_currency`,
/// `missing_exchange_rate`, `invalid_date`, `completed_before_paid`, `invalid_country`,
/// `unknown_category`, each
/// naming the field. A non-qualifying order is not an error: it is an estimate with
/// `qualifies: false` and every failed rule in `reasons`.
pub fn estimate_commission(order: &Value, ctx: &EstimateContext) -> Result<Estimate, Error> {
    if order::is_adjustment(order) {
        return Err(Error::new(
            Code::InvalidField,
            "type: an adjustment row is not an order; give it to estimate_commissions.",
        ));
    }
    let order = Order::from_json_with(order, &ctx.exchange_rates)?;
    let card = ctx.card(order.program);
    let previous = match &ctx.incentive {
        IncentiveBasis::PreviousPeriodSales(s) => Some(*s),
        _ => None,
    };
    estimate_with(card, &order, previous)
}
