//! One order's estimate: the breakdown lines, the reasons it does not qualify, the
//! assumptions it rests on, and how it serialises.

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;
use time::Date;

use super::*;

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
    /// `duplicate_order`, `country_alias`, and in a report `previous_sales_not_this_period`).
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

pub(crate) struct PeriodJson(pub(crate) (Date, Date));

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
/// naming the field; `invalid_rate_card` for a card of `ctx.cards` that is not a valid card
/// (see [`RateCard`](crate::RateCard)). A non-qualifying order is not an error: it is an estimate with
/// `qualifies: false` and every failed rule in `reasons`.
pub fn estimate_commission(order: &Value, ctx: &EstimateContext) -> Result<Estimate, Error> {
    if order::is_adjustment(order) {
        return Err(Error::new(
            Code::InvalidField,
            "This row is an adjustment, not an order: give it to estimate_commissions (field \"type\").",
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
