//! Commission estimation to the cent, from rate cards held as data.
//!
//! The rules, the rate-card schema and the rounding are documented in `docs/COMMISSION.md`.

mod card;
mod order;
mod reconcile;

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;
use time::Date;

pub use card::{
    Buyer, Cap, Dec, Figure, Incentive, IncentiveStep, Part, Payout, Period, Qualification,
    RateCard, Rule, Tier, TierMode, Tiers, When, RATE_CARD_SCHEMA,
};
pub use order::Order;
pub use reconcile::{
    read_order_report, read_postback_log, reconcile, reconcile_input, report_aliases,
    suggest_rate_card, MatchStatus, ReadStats, ReconcileLine, ReconcileOutput, ReconcileSummary,
    ReconcileTotal, Reconciliation, ReportedOrder, ReportedOrders, COMPLETED_STATUSES,
    RECONCILE_TOLERANCE, REPORT_FIELDS,
};

use crate::{Code, Error, Program};

/// Rounds to the cent, half away from zero (`0.005` → `0.01`, `-0.005` → `-0.01`).
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(afflink::round_to_cent("2.345".parse::<Decimal>().unwrap()).to_string(), "2.35");
/// assert_eq!(afflink::round_to_cent("2.344".parse::<Decimal>().unwrap()).to_string(), "2.34");
/// assert_eq!(afflink::round_to_cent(Decimal::from(3)).to_string(), "3.00");
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

/// What an estimate needs besides the orders.
#[derive(Debug, Clone, Default)]
pub struct EstimateContext {
    /// The incentive basis.
    pub incentive: IncentiveBasis,
    /// Rate cards to use instead of the shipped defaults, per program.
    pub cards: Vec<RateCard>,
}

impl EstimateContext {
    /// Reads a context object `{previousPeriodSales?, history?, rateCards?}` (JSON,
    /// camelCase); `null` is the empty context. Rate cards may be partial (merged over the
    /// default of their program).
    ///
    /// # Errors
    ///
    /// `invalid_field` (wrong types, or both `previousPeriodSales` and `history`),
    /// `invalid_amount`, `invalid_rate_card`.
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
                    ctx.cards.push(RateCard::from_user_json(&card.to_string())?);
                }
            }
            Some(_) => {
                return Err(Error::new(
                    Code::InvalidField,
                    "rateCards: must be an array of rate cards.",
                ))
            }
        }
        Ok(ctx)
    }

    fn card(&self, program: Program) -> &RateCard {
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
    /// The order amount.
    pub amount: Decimal,
    /// Whether the order earns a commission.
    pub qualifies: bool,
    /// Every qualification rule the order failed (empty when it qualifies).
    pub reasons: Vec<Failed>,
    /// The total rate in percent (0 when it does not qualify).
    pub rate_percent: Decimal,
    /// The labelled lines (empty when it does not qualify).
    pub breakdown: Vec<Line>,
    /// The commission, to the cent.
    pub commission: Decimal,
    /// The calculation period of the order (programs that have periods).
    pub period: Option<(Date, Date)>,
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

fn rate_string(d: Decimal) -> String {
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

/// `{orderId, program, qualifies, reasons, ratePercent, breakdown, commission, period}`.
impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Estimate", 8)?;
        st.serialize_field("orderId", &self.order_id)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("qualifies", &self.qualifies)?;
        st.serialize_field("reasons", &self.reasons)?;
        st.serialize_field("ratePercent", &rate_string(self.rate_percent))?;
        st.serialize_field("breakdown", &self.breakdown)?;
        st.serialize_field("commission", &round_to_cent(self.commission).to_string())?;
        st.serialize_field("period", &self.period.map(PeriodJson))?;
        st.end()
    }
}

/// The calculation period `[start, end]` containing `date`, for periods starting on
/// `start_day` of each month.
pub fn calculation_period(date: Date, start_day: u8) -> (Date, Date) {
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
    let next = Date::from_calendar_date(next_year, month.next(), start_day).unwrap_or(date);
    (start, next.previous_day().unwrap_or(next))
}

fn matches(when: &When, order: &Order) -> bool {
    when.buyer.is_none_or(|b| b == order.buyer)
        && when.categories.as_ref().is_none_or(|cs| {
            cs.iter()
                .any(|c| c.eq_ignore_ascii_case(order.category.trim()))
        })
        && when.countries.as_ref().is_none_or(|cs| {
            order
                .country
                .as_ref()
                .is_some_and(|o| cs.iter().any(|c| c.eq_ignore_ascii_case(o)))
        })
}

/// The commission of a tiered rule on `amount`, and its effective rate in percent.
fn tiered(t: &Tiers, amount: Decimal) -> (Decimal, Decimal) {
    let hundred = Decimal::ONE_HUNDRED;
    match t.mode {
        TierMode::Flat => {
            let tier = t
                .steps
                .iter()
                .find(|s| s.up_to.is_none_or(|u| amount <= u.0))
                .or(t.steps.last());
            let rate = tier.map_or(Decimal::ZERO, |s| s.percent.0);
            (amount * rate / hundred, rate)
        }
        TierMode::Marginal => {
            let mut total = Decimal::ZERO;
            let mut lower = Decimal::ZERO;
            for s in &t.steps {
                let upper = s.up_to.map_or(amount, |u| u.0.min(amount));
                if upper > lower {
                    total += (upper - lower) * s.percent.0 / hundred;
                }
                lower = lower.max(upper);
                if lower >= amount {
                    break;
                }
            }
            let rate = if amount.is_zero() {
                t.steps.first().map_or(Decimal::ZERO, |s| s.percent.0)
            } else {
                (total * hundred / amount).round_dp(4)
            };
            (total, rate)
        }
    }
}

fn qualification_failures(card: &RateCard, order: &Order) -> Vec<Failed> {
    let q = &card.qualification;
    let mut failed = Vec::new();
    let mut fail = |code: Code, message: String| failed.push(Failed { code, message });
    if q.require_completed.as_ref().is_some_and(|f| f.value) && !order.completed() {
        fail(Code::NotCompleted, format!("The order status is {:?}; only completed (\"Trade Completed\") orders earn a commission.", order.status));
    }
    if let Some(max) = &q.amount_below {
        if order.amount >= max.value.0 {
            fail(
                Code::AmountTooHigh,
                format!(
                    "The order amount {} USD is not below {} USD.",
                    order.amount, max.value.0
                ),
            );
        }
    }
    if let (Some(max), Some(days)) = (
        &q.max_days_paid_to_completed,
        order.days_paid_to_completed(),
    ) {
        if days > i64::from(max.value) {
            fail(
                Code::CompletedTooLate,
                format!(
                    "The order was completed {days} days after it was paid; the limit is {} days.",
                    max.value
                ),
            );
        }
    }
    if q.spam_disqualifies.as_ref().is_some_and(|f| f.value) && order.spam {
        fail(Code::SpamOrder, "The order is flagged as spam.".to_owned());
    }
    if let (Some(excluded), Some(country)) = (&q.excluded_countries, &order.country) {
        if excluded
            .value
            .iter()
            .any(|c| c.eq_ignore_ascii_case(country))
        {
            fail(
                Code::ExcludedCountry,
                format!("Orders from buyers in {country} are not eligible for commission."),
            );
        }
    }
    if let (Some(window), Some(days)) = (&q.click_window_days, order.days_click_to_paid()) {
        if days > i64::from(window.value) {
            fail(
                Code::OutsideClickWindow,
                format!(
                    "The order was paid {days} days after the click; the cookie lasts {} days.",
                    window.value
                ),
            );
        }
    }
    failed
}

/// Estimates one order with a card and the previous period's sales.
fn estimate_with(
    card: &RateCard,
    order: &Order,
    previous_sales: Option<Decimal>,
) -> Result<Estimate, Error> {
    if card.require_known_category
        && !card
            .categories
            .iter()
            .any(|c| c.eq_ignore_ascii_case(order.category.trim()))
    {
        return Err(Error::new(
            Code::UnknownCategory,
            format!(
                "category: {:?} is not in the rate card; its categories are {}.",
                order.category,
                card.categories.join(", ")
            ),
        ));
    }
    let period = card
        .period
        .as_ref()
        .map(|p| calculation_period(order.paid, p.start_day));
    let reasons = qualification_failures(card, order);
    let mut estimate = Estimate {
        order_id: order.order_id.clone(),
        program: order.program,
        amount: order.amount,
        qualifies: reasons.is_empty(),
        reasons,
        rate_percent: Decimal::ZERO,
        breakdown: Vec::new(),
        commission: round_to_cent(Decimal::ZERO),
        period,
    };
    if !estimate.qualifies {
        return Ok(estimate);
    }
    let Some(rule) = card.rules.iter().find(|r| matches(&r.when, order)) else {
        return Err(Error::new(
            Code::UnknownCategory,
            "No rule of the rate card matches this order.".to_owned(),
        ));
    };
    let (base, base_rate) = match (&rule.percent, &rule.tiers) {
        (_, Some(t)) => tiered(t, order.amount),
        (Some(p), None) => (order.amount * p.0 / Decimal::ONE_HUNDRED, p.0),
        (None, None) => (Decimal::ZERO, Decimal::ZERO),
    };
    let step = card.incentive.as_ref().and_then(|i| {
        let sales = previous_sales?;
        i.steps
            .iter()
            .filter(|s| sales >= s.min_sales.0)
            .max_by_key(|s| s.bonus_percent)
            .map(|s| (i.label.clone(), s.bonus_percent.0))
    });
    let bonus = step.as_ref().map_or(Decimal::ZERO, |(_, b)| *b);
    let incentive = order.amount * bonus / Decimal::ONE_HUNDRED;
    let uncapped = round_to_cent(base + incentive);
    let commission = match &card.cap {
        Some(cap) => uncapped.min(round_to_cent(cap.max_commission.0)),
        None => uncapped,
    };
    // Lines are rounded so that they add up exactly to the commission.
    let base_line = round_to_cent(base);
    estimate.breakdown.push(Line {
        part: rule.part,
        label: rule.label.clone(),
        rate_percent: Some(base_rate),
        amount: base_line,
    });
    if let Some((label, bonus)) = step {
        estimate.breakdown.push(Line {
            part: Part::Incentive,
            label,
            rate_percent: Some(bonus),
            amount: uncapped - base_line,
        });
    }
    if commission < uncapped {
        estimate.breakdown.push(Line {
            part: Part::Cap,
            label: "Per-order cap".to_owned(),
            rate_percent: None,
            amount: commission - uncapped,
        });
    }
    estimate.rate_percent = base_rate + bonus;
    estimate.commission = commission;
    Ok(estimate)
}

/// Estimates the commission of one order (a JSON object, see `docs/COMMISSION.md`).
///
/// ```
/// use afflink::{estimate_commission, EstimateContext, IncentiveBasis};
/// use serde_json::json;
///
/// // The program's worked example: a new-buyer order after US$400,000 of sales earns 16%.
/// let order = json!({"program": "aliexpress", "orderId": "A1", "amount": "59.99", "category": "Apparel",
///     "buyer": "new", "status": "completed", "paidDate": "2016-10-12", "completedDate": "2016-10-30"});
/// let ctx = EstimateContext { incentive: IncentiveBasis::PreviousPeriodSales(400_000.into()), ..Default::default() };
/// let e = estimate_commission(&order, &ctx).unwrap();
/// assert_eq!(e.rate_percent.to_string(), "16");
/// assert_eq!(e.commission.to_string(), "9.60"); // 59.99 × 16% = 9.5984
/// ```
///
/// # Errors
///
/// `invalid_field`, `unknown_program`, `invalid_amount`, `unsupported_currency`,
/// `invalid_date`, `completed_before_paid`, `invalid_country`, `unknown_category`, each
/// naming the field. A non-qualifying order is not an error: it is an estimate with
/// `qualifies: false` and every failed rule in `reasons`.
pub fn estimate_commission(order: &Value, ctx: &EstimateContext) -> Result<Estimate, Error> {
    let order = Order::from_json(order)?;
    let card = ctx.card(order.program);
    let previous = match &ctx.incentive {
        IncentiveBasis::PreviousPeriodSales(s) => Some(*s),
        _ => None,
    };
    estimate_with(card, &order, previous)
}

/// One line of a report: the estimate, or the order's id with why it was refused.
#[derive(Debug, Clone)]
pub enum ReportLine {
    /// The estimate.
    Estimated(Estimate),
    /// The order could not be read.
    Refused {
        /// The order's id, as far as it could be read (`null` when absent).
        order_id: Option<String>,
        /// Why.
        error: Error,
    },
}

impl Serialize for ReportLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ReportLine::Estimated(e) => e.serialize(s),
            ReportLine::Refused { order_id, error } => {
                let mut st = s.serialize_struct("Refused", 2)?;
                st.serialize_field("orderId", order_id)?;
                st.serialize_field("error", error)?;
                st.end()
            }
        }
    }
}

/// Totals of one calculation period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodTotal {
    /// The program.
    pub program: Program,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Orders estimated in the period.
    pub orders: usize,
    /// Sum of the qualifying orders' amounts.
    pub qualifying_amount: Decimal,
    /// Sum of the commissions.
    pub commission: Decimal,
}

/// What a balance would pay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutEstimate {
    /// The program.
    pub program: Program,
    /// The estimated balance (sum of commissions).
    pub balance: Decimal,
    /// The balance must exceed this.
    pub minimum: Decimal,
    /// The fee per withdrawal.
    pub fee: Decimal,
    /// Whether the balance can be withdrawn.
    pub withdrawable: bool,
    /// What a withdrawal would pay, after the fee (0 when not withdrawable).
    pub net: Decimal,
    /// A plain warning, when there is something to know.
    pub warning: Option<String>,
}

/// The totals of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Orders read.
    pub orders: usize,
    /// Orders refused as bad input.
    pub errors: usize,
    /// Orders that qualify.
    pub qualifying_orders: usize,
    /// Sum of the qualifying orders' amounts.
    pub qualifying_amount: Decimal,
    /// Sum of the (rounded) commissions.
    pub estimated: Decimal,
    /// Totals per calculation period.
    pub periods: Vec<PeriodTotal>,
    /// Payout per program.
    pub payouts: Vec<PayoutEstimate>,
}

/// The estimates of many orders and their totals.
#[derive(Debug, Clone)]
pub struct Report {
    /// One line per order, in order.
    pub lines: Vec<ReportLine>,
    /// The totals.
    pub summary: Summary,
}

fn money(d: Decimal) -> String {
    round_to_cent(d).to_string()
}

impl Serialize for PeriodTotal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PeriodTotal", 6)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("start", &date_string(self.start))?;
        st.serialize_field("end", &date_string(self.end))?;
        st.serialize_field("orders", &self.orders)?;
        st.serialize_field("qualifyingAmount", &money(self.qualifying_amount))?;
        st.serialize_field("commission", &money(self.commission))?;
        st.end()
    }
}

impl Serialize for PayoutEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Payout", 7)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("balance", &money(self.balance))?;
        st.serialize_field("minimum", &money(self.minimum))?;
        st.serialize_field("fee", &money(self.fee))?;
        st.serialize_field("withdrawable", &self.withdrawable)?;
        st.serialize_field("net", &money(self.net))?;
        st.serialize_field("warning", &self.warning)?;
        st.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Summary", 7)?;
        st.serialize_field("orders", &self.orders)?;
        st.serialize_field("errors", &self.errors)?;
        st.serialize_field("qualifyingOrders", &self.qualifying_orders)?;
        st.serialize_field("qualifyingAmount", &money(self.qualifying_amount))?;
        st.serialize_field("estimated", &money(self.estimated))?;
        st.serialize_field("periods", &self.periods)?;
        st.serialize_field("payouts", &self.payouts)?;
        st.end()
    }
}

/// `{lines: [...], summary: {...}}`.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 2)?;
        st.serialize_field("lines", &self.lines)?;
        st.serialize_field("summary", &self.summary)?;
        st.end()
    }
}

fn payout(card: &RateCard, balance: Decimal) -> PayoutEstimate {
    let (minimum, fee) = (
        card.payout.minimum_balance.value.0,
        card.payout.withdrawal_fee.value.0,
    );
    let withdrawable = balance > minimum;
    let net = if withdrawable {
        balance - fee
    } else {
        Decimal::ZERO
    };
    let warning = if !withdrawable {
        Some(format!(
            "The balance of US${} must exceed US${} before it can be withdrawn.",
            money(balance),
            money(minimum)
        ))
    } else if fee * Decimal::TWO >= balance {
        Some(format!(
            "The US${} withdrawal fee takes {}% of this balance; waiting until it grows keeps more of it.",
            money(fee),
            (fee * Decimal::ONE_HUNDRED / balance).round_dp(0)
        ))
    } else {
        None
    };
    PayoutEstimate {
        program: card.program,
        balance,
        minimum,
        fee,
        withdrawable,
        net,
        warning,
    }
}

/// Estimates many orders: one line per order (a bad order never loses the others), then
/// totals per period and a payout estimate per program.
///
/// With [`IncentiveBasis::History`], the orders are the whole history: each calculation
/// period's total of qualifying order amounts sets the incentive of the next period.
///
/// ```
/// use afflink::{estimate_commissions, EstimateContext};
/// use serde_json::json;
/// let orders = vec![
///     json!({"program": "alibaba", "orderId": "B1", "amount": "100.00", "buyer": "new", "country": "US",
///            "status": "completed", "paidDate": "2025-03-01", "completedDate": "2025-03-20"}),
///     json!({"program": "alibaba", "orderId": "B2", "amount": "-1", "buyer": "new", "country": "US",
///            "status": "completed", "paidDate": "2025-03-01", "completedDate": "2025-03-20"}),
/// ];
/// let report = estimate_commissions(&orders, &EstimateContext::default());
/// assert_eq!(report.summary.estimated.to_string(), "7.00");
/// assert_eq!(report.summary.errors, 1);
/// assert!(!report.summary.payouts[0].withdrawable);
/// ```
pub fn estimate_commissions(orders: &[Value], ctx: &EstimateContext) -> Report {
    let parsed: Vec<Result<Order, (Option<String>, Error)>> = orders
        .iter()
        .map(|o| Order::from_json(o).map_err(|e| (order::order_id_of(o), e)))
        .collect();
    let cards: BTreeMap<&str, &RateCard> = [Program::AliExpress, Program::Alibaba]
        .into_iter()
        .map(|p| (p.as_str(), ctx.card(p)))
        .collect();
    let card_of = |p: Program| cards[p.as_str()];

    // History: each period's qualifying sales, to set the next period's incentive.
    let mut period_sales: BTreeMap<(&str, Date), Decimal> = BTreeMap::new();
    if ctx.incentive == IncentiveBasis::History {
        for order in parsed.iter().flatten() {
            let card = card_of(order.program);
            if let Some(p) = &card.period {
                if qualification_failures(card, order).is_empty() {
                    let (start, _) = calculation_period(order.paid, p.start_day);
                    *period_sales
                        .entry((order.program.as_str(), start))
                        .or_default() += order.amount;
                }
            }
        }
    }
    let previous_sales = |order: &Order| -> Option<Decimal> {
        match &ctx.incentive {
            IncentiveBasis::None => None,
            IncentiveBasis::PreviousPeriodSales(s) => Some(*s),
            IncentiveBasis::History => {
                let p = card_of(order.program).period.as_ref()?;
                let (start, _) = calculation_period(order.paid, p.start_day);
                let (previous_start, _) = calculation_period(start.previous_day()?, p.start_day);
                Some(
                    period_sales
                        .get(&(order.program.as_str(), previous_start))
                        .copied()
                        .unwrap_or_default(),
                )
            }
        }
    };

    let lines: Vec<ReportLine> = parsed
        .into_iter()
        .map(|o| match o {
            Ok(order) => {
                match estimate_with(card_of(order.program), &order, previous_sales(&order)) {
                    Ok(e) => ReportLine::Estimated(e),
                    Err(error) => ReportLine::Refused {
                        order_id: Some(order.order_id),
                        error,
                    },
                }
            }
            Err((order_id, error)) => ReportLine::Refused { order_id, error },
        })
        .collect();
    summarise(lines, card_of)
}

fn summarise<'a>(lines: Vec<ReportLine>, card_of: impl Fn(Program) -> &'a RateCard) -> Report {
    let mut summary = Summary {
        orders: lines.len(),
        errors: 0,
        qualifying_orders: 0,
        qualifying_amount: Decimal::ZERO,
        estimated: Decimal::ZERO,
        periods: Vec::new(),
        payouts: Vec::new(),
    };
    let mut balances: BTreeMap<&str, (Program, Decimal)> = BTreeMap::new();
    for line in &lines {
        let ReportLine::Estimated(e) = line else {
            summary.errors += 1;
            continue;
        };
        let commission = round_to_cent(e.commission);
        summary.estimated += commission;
        balances
            .entry(e.program.as_str())
            .or_insert((e.program, Decimal::ZERO))
            .1 += commission;
        if e.qualifies {
            summary.qualifying_orders += 1;
            summary.qualifying_amount += e.amount;
        }
        if let Some((start, end)) = e.period {
            let at = summary
                .periods
                .iter()
                .position(|p| p.program == e.program && p.start == start);
            let total = match at {
                Some(i) => &mut summary.periods[i],
                None => {
                    summary.periods.push(PeriodTotal {
                        program: e.program,
                        start,
                        end,
                        orders: 0,
                        qualifying_amount: Decimal::ZERO,
                        commission: Decimal::ZERO,
                    });
                    summary.periods.last_mut().expect("just pushed")
                }
            };
            total.orders += 1;
            total.commission += commission;
            if e.qualifies {
                total.qualifying_amount += e.amount;
            }
        }
    }
    summary
        .periods
        .sort_by_key(|p| (p.program.as_str(), p.start));
    summary.payouts = balances
        .into_values()
        .map(|(program, balance)| payout(card_of(program), balance))
        .collect();
    Report { lines, summary }
}
