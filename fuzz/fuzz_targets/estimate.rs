//! Estimation from arbitrary order JSON and rate cards: never panics; commissions are never
//! negative, never above amount × (highest rate + highest incentive) rounded to the cent,
//! lines add up, and the report total is the sum of its lines.
#![no_main]

use afflink::{estimate_commissions, round_to_cent, EstimateContext, IncentiveBasis, RateCard, ReportLine};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (orders_text, card_text) = text.split_once('\u{1}').unwrap_or((text, ""));
    let orders: Vec<serde_json::Value> = orders_text.lines().map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null)).collect();
    let mut ctx = EstimateContext { incentive: IncentiveBasis::History, ..Default::default() };
    if let Ok(card) = RateCard::from_user_json(card_text) {
        ctx.cards.push(card);
    }
    let report = estimate_commissions(&orders, &ctx);
    assert_eq!(report.lines.len(), orders.len());
    let mut total = Decimal::ZERO;
    for line in &report.lines {
        let ReportLine::Estimated(e) = line else { continue };
        let card = ctx.cards.iter().find(|c| c.program == e.program).cloned().unwrap_or_else(|| RateCard::default_for(e.program));
        let bound = round_to_cent(e.amount * (card.highest_rate() + card.highest_incentive()) / Decimal::ONE_HUNDRED);
        assert!(e.commission >= Decimal::ZERO && e.commission <= bound, "{} > {bound}", e.commission);
        if e.qualifies {
            assert_eq!(e.breakdown.iter().map(|l| l.amount).sum::<Decimal>(), e.commission);
        }
        total += e.commission;
    }
    assert_eq!(report.summary.estimated, total);
});
