//! The rules applied to one order: category matching, rates, qualification, warnings and
//! the assumptions an estimate rests on.

use rust_decimal::Decimal;
use time::Date;

use super::card::{Basis, Part, RateCard, Rule, TierMode, Tiers, When};
use super::category::category_is;
use super::context::calculation_period;
use super::order::Order;
use super::{round_to_cent, Estimate, Failed, ItemEstimate, Line};
use crate::{Code, Error, Program};

fn matches(card: &RateCard, when: &When, order: &Order, category: &str) -> bool {
    when.buyer.is_none_or(|b| b == order.buyer)
        && when
            .categories
            .as_ref()
            .is_none_or(|cs| cs.iter().any(|c| category_is(card, c, category)))
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

fn excluded_category(card: &RateCard, category: &str) -> Option<String> {
    card.qualification
        .excluded_categories
        .as_ref()?
        .value
        .iter()
        .find(|c| category_is(card, c, category))
        .cloned()
}

pub(crate) fn qualification_failures(card: &RateCard, order: &Order) -> Vec<Failed> {
    let q = &card.qualification;
    let mut failed = Vec::new();
    let mut fail = |code: Code, message: String| failed.push(Failed { code, message });
    if order.refunded() {
        fail(
            Code::Refunded,
            "The order was refunded; a refunded order earns no commission.".to_owned(),
        );
    } else if order.cancelled() {
        fail(
            Code::Cancelled,
            "The order was cancelled; a cancelled order earns no commission.".to_owned(),
        );
    } else if q.require_completed.as_ref().is_some_and(|f| f.value) && !order.completed() {
        fail(Code::NotCompleted, format!("The order status is {:?}; only completed (\"Trade Completed\") orders earn a commission.", order.status));
    }
    if let Some(max) = &q.amount_below {
        if order.amount >= max.value.0 {
            fail(
                Code::AmountTooHigh,
                format!(
                    "The order amount {} USD is not below {} USD.",
                    order.amount.normalize(),
                    max.value.0
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
    // With items, an order is excluded only when every item is; excluded items earn 0%.
    let categories: Vec<&str> = if order.items.is_empty() {
        vec![order.category.as_str()]
    } else {
        order.items.iter().map(|i| i.category.as_str()).collect()
    };
    let excluded: Vec<String> = categories
        .iter()
        .filter_map(|c| excluded_category(card, c))
        .collect();
    if !excluded.is_empty() && excluded.len() == categories.len() {
        fail(
            Code::ExcludedCategory,
            format!(
                "Products in {} are not eligible for commission.",
                excluded[0]
            ),
        );
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

/// A date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day where parts are missing).
fn as_of_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let full = match s.len() {
        4 => format!("{s}-01-01"),
        7 => format!("{s}-01"),
        _ => s.to_owned(),
    };
    super::order::parse_date(&full, "asOf").ok()
}

fn warnings(card: &RateCard, order: &Order) -> Vec<Failed> {
    let mut out = Vec::new();
    if order.program == Program::AliExpress && order.click.is_some() {
        out.push(Failed {
            code: Code::SessionTracking,
            message: "AliExpress tracks sales by session, not by a cookie window: the click date sets no rule and was not checked.".to_owned(),
        });
    }
    if order.country_alias {
        out.push(Failed {
            code: Code::CountryAlias,
            message: "The buyer's country \"UK\" was read as GB, the ISO 3166-1 code of the United Kingdom.".to_owned(),
        });
    }
    if let Some(as_of) = card.as_of.as_deref().and_then(as_of_date) {
        let limit = as_of
            .replace_year(as_of.year() + 2)
            .or_else(|_| Date::from_calendar_date(as_of.year() + 2, as_of.month(), 28))
            .unwrap_or(as_of);
        if order.paid > limit {
            out.push(Failed {
                code: Code::StaleRateCard,
                message: format!(
                    "The order was paid on {}, more than two years after the rate card's figures ({}); check them against your dashboard.",
                    super::date_string(order.paid),
                    super::date_string(as_of)
                ),
            });
        }
    }
    out
}

/// Adds an assumption for a figure whose basis is not documented or user. `what` names the
/// figure; it is written only then (most figures are documented).
fn assume(out: &mut Vec<Failed>, basis: Basis, source: &str, what: impl FnOnce() -> String) {
    let code = match basis {
        Basis::Example => Code::ExampleFigure,
        Basis::Listing => Code::ListingFigure,
        Basis::Assumption => Code::AssumedFigure,
        Basis::Documented | Basis::User => return,
    };
    let kind = match basis {
        Basis::Example => "comes from a worked example, not a rate documented for every publisher",
        Basis::Listing => "comes from a third party's listing, not the program's own text",
        _ => "is afflink's own reading",
    };
    let message = format!("{} {kind} ({source}).", what());
    if !out.iter().any(|f| f.message == message) {
        out.push(Failed { code, message });
    }
}

/// The assumptions behind the qualification rules and the period of a card.
fn card_assumptions(card: &RateCard, out: &mut Vec<Failed>) {
    let q = &card.qualification;
    if let Some(f) = &q.require_completed {
        assume(out, f.basis, &f.source, || {
            "The completed-orders rule".to_owned()
        });
    }
    if let Some(f) = &q.max_days_paid_to_completed {
        assume(out, f.basis, &f.source, || {
            format!("The {}-day paid-to-completed limit", f.value)
        });
    }
    if let Some(f) = &q.amount_below {
        assume(out, f.basis, &f.source, || {
            format!("The {} USD order limit", f.value.0)
        });
    }
    if let Some(f) = &q.spam_disqualifies {
        assume(out, f.basis, &f.source, || "The spam rule".to_owned());
    }
    if let Some(f) = &q.excluded_countries {
        assume(out, f.basis, &f.source, || {
            format!("The excluded countries {}", f.value.join(" "))
        });
    }
    if let Some(f) = &q.excluded_categories {
        assume(out, f.basis, &f.source, || {
            format!("The excluded categories {}", f.value.join(", "))
        });
    }
    if let Some(f) = &q.click_window_days {
        assume(out, f.basis, &f.source, || {
            format!("The {}-day click window", f.value)
        });
    }
    if let Some(p) = &card.period {
        assume(out, p.basis, &p.source, || {
            format!("The calculation period from day {}", p.start_day)
        });
    }
}

fn rule_commission(rule: &Rule, base: Decimal) -> (Decimal, Decimal) {
    match (&rule.percent, &rule.tiers) {
        (_, Some(t)) => tiered(t, base),
        (Some(p), None) => (base * p.0 / Decimal::ONE_HUNDRED, p.0),
        (None, None) => (Decimal::ZERO, Decimal::ZERO),
    }
}

/// Estimates one order with a card and the previous period's sales.
pub(crate) fn estimate_with(
    card: &RateCard,
    order: &Order,
    previous_sales: Option<Decimal>,
) -> Result<Estimate, Error> {
    // A card read with `RateCard::from_json_str` or `from_user_json` is checked; the
    // WebAssembly builds have no other. A Rust caller may deserialise one with serde or
    // change its fields: a rate of 10^27 % would overflow.
    #[cfg(not(target_arch = "wasm32"))]
    card.check()?;
    let units: Vec<(&str, Decimal)> = if order.items.is_empty() {
        vec![(order.category.as_str(), order.amount)]
    } else {
        order
            .items
            .iter()
            .map(|i| (i.category.as_str(), i.amount))
            .collect()
    };
    if card.require_known_category {
        for (category, _) in &units {
            if !card
                .categories
                .iter()
                .any(|c| category_is(card, c, category))
            {
                return Err(Error::new(
                    Code::UnknownCategory,
                    format!(
                        "The category {category:?} is not in the rate card, whose categories are {} (field \"category\").",
                        card.categories.join(", ")
                    ),
                ));
            }
        }
    }
    let period = card
        .period
        .as_ref()
        .map(|p| calculation_period(order.paid, p.start_day));
    let reasons = qualification_failures(card, order);
    let mut assumptions = Vec::new();
    card_assumptions(card, &mut assumptions);
    let mut estimate = Estimate {
        order_id: order.order_id.clone(),
        program: order.program,
        card: card.id.clone(),
        amount: order.amount,
        currency: order.currency.clone(),
        original_amount: order.original_amount,
        exchange_rate: order.exchange_rate,
        refunded_amount: order.refunded_amount,
        qualifies: reasons.is_empty(),
        reasons,
        rate_percent: Decimal::ZERO,
        breakdown: Vec::new(),
        items: Vec::new(),
        commission: round_to_cent(Decimal::ZERO),
        period,
        paid: order.paid,
        warnings: warnings(card, order),
        assumptions: Vec::new(),
    };
    if !estimate.qualifies {
        estimate.assumptions = assumptions;
        return Ok(estimate);
    }
    // A partial refund lowers every item's base in proportion. The incentive applies to the
    // units that earn a rate: an excluded category earns nothing, its incentive included.
    let share = if order.amount.is_zero() {
        Decimal::ONE
    } else {
        order.base() / order.amount
    };
    let mut base_lines: Vec<(Part, String, Decimal, Decimal)> = Vec::new();
    let mut total_base = Decimal::ZERO;
    let mut incentive_base = Decimal::ZERO;
    let mut rates = Vec::new();
    for &(category, amount) in &units {
        let base = if share == Decimal::ONE {
            amount
        } else {
            amount * share
        };
        total_base += base;
        let (part, label, commission, rate) = match excluded_category(card, category) {
            Some(name) => (
                Part::Base,
                format!("Excluded category ({name})"),
                Decimal::ZERO,
                Decimal::ZERO,
            ),
            None => {
                incentive_base += base;
                let Some(rule) = card
                    .rules
                    .iter()
                    .find(|r| matches(card, &r.when, order, category))
                else {
                    return Err(Error::new(
                        Code::UnknownCategory,
                        "No rule of the rate card matches this order.".to_owned(),
                    ));
                };
                let (commission, rate) = rule_commission(rule, base);
                assume(&mut assumptions, rule.basis, &rule.source, || {
                    let value = rule
                        .percent
                        .map_or_else(|| "tiers".to_owned(), |p| format!("{}%", p.0.normalize()));
                    format!("The rate {value} ({})", rule.label)
                });
                (rule.part, rule.label.clone(), commission, rate)
            }
        };
        if !order.items.is_empty() {
            estimate.items.push(ItemEstimate {
                category: category.to_owned(),
                amount,
                label: label.clone(),
                rate_percent: rate,
            });
        }
        rates.push(rate);
        match base_lines
            .iter_mut()
            .find(|l| l.0 == part && l.1 == label && l.2 == rate)
        {
            Some(line) => line.3 += commission,
            None => base_lines.push((part, label, rate, commission)),
        }
    }
    // The highest step reached applies.
    let step = card.incentive.as_ref().and_then(|i| {
        let sales = previous_sales?;
        let s = i
            .steps
            .iter()
            .filter(|s| sales >= s.min_sales.0)
            .max_by_key(|s| (s.min_sales, s.bonus_percent))?;
        assume(&mut assumptions, s.basis, &s.source, || {
            format!(
                "The incentive +{}% from US${}",
                s.bonus_percent.0.normalize(),
                s.min_sales.0.normalize()
            )
        });
        Some((i.label.clone(), s.bonus_percent.0))
    });
    let bonus = step.as_ref().map_or(Decimal::ZERO, |(_, b)| *b);
    let incentive = incentive_base * bonus / Decimal::ONE_HUNDRED;
    let base_total: Decimal = base_lines.iter().map(|l| l.3).sum();
    let uncapped = round_to_cent(base_total + incentive);
    let commission = match &card.cap {
        Some(cap) => {
            assume(&mut assumptions, cap.basis, &cap.source, || {
                format!("The cap of US${}", cap.max_commission.0)
            });
            uncapped.min(round_to_cent(cap.max_commission.0))
        }
        None => uncapped,
    };
    // Lines are rounded so that they add up exactly to the (once-rounded) commission.
    let mut running = Decimal::ZERO;
    let n = base_lines.len();
    for (i, (part, label, rate, amount)) in base_lines.into_iter().enumerate() {
        let rounded = if i + 1 == n && step.is_none() {
            uncapped - running
        } else {
            round_to_cent(amount)
        };
        running += rounded;
        estimate.breakdown.push(Line {
            part,
            label,
            rate_percent: Some(rate),
            amount: rounded,
        });
    }
    if let Some((label, bonus)) = step {
        estimate.breakdown.push(Line {
            part: Part::Incentive,
            label,
            rate_percent: Some(bonus),
            amount: uncapped - running,
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
    let first = rates.first().copied().unwrap_or_default();
    let rate = if rates.iter().all(|r| *r == first) {
        first
    } else if total_base.is_zero() {
        Decimal::ZERO
    } else {
        (base_total * Decimal::ONE_HUNDRED / total_base).round_dp(4)
    };
    // The incentive's share of the whole order's rate: all of it unless items were excluded.
    let bonus_rate = if incentive_base == total_base {
        bonus
    } else if total_base.is_zero() {
        Decimal::ZERO
    } else {
        (bonus * incentive_base / total_base).round_dp(4)
    };
    estimate.rate_percent = rate + bonus_rate;
    estimate.commission = commission;
    estimate.assumptions = assumptions;
    Ok(estimate)
}

#[cfg(test)]
mod tests {
    use super::as_of_date;

    #[test]
    fn as_of_takes_a_day_a_month_or_a_year() {
        let d = |s: &str| as_of_date(s).map(crate::commission::date_string);
        assert_eq!(d("2016-09-10").as_deref(), Some("2016-09-10"));
        assert_eq!(d("2026-11").as_deref(), Some("2026-11-01"));
        assert_eq!(d("2025").as_deref(), Some("2025-01-01"));
        assert_eq!(d("September 2016"), None);
    }
}
