//! Commission estimation to the cent, from rate cards held as data.
//!
//! The rules, the rate-card schema and the rounding are documented in `docs/COMMISSION.md`.

mod card;
mod category;
mod context;
mod estimate;
mod fields;
mod later_periods;
mod order;
mod reconcile;
mod report;
mod rules;
mod shipped;

use rust_decimal::{Decimal, RoundingStrategy};

pub use card::{
    Basis, Buyer, Cap, Dec, Figure, Incentive, IncentiveStep, Part, Payout, Period, Qualification,
    RateCard, Rule, Tier, TierMode, Tiers, When, RATE_CARD_SCHEMA,
};
pub use context::{
    calculation_period, parse_exchange_rate, EstimateContext, GroupBy, IncentiveBasis,
};
pub(crate) use estimate::{date_string, PeriodJson};
pub use estimate::{estimate_commission, Estimate, Failed, ItemEstimate, Line};
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
