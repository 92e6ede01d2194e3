//! Estimation from arbitrary order JSON and rate cards (`basis\u{1}card\u{1}orders`, one
//! order per line; the basis is empty, `history` or the previous period's sales; the card
//! is a user card, whole or partial): never panics; one line per order; commissions are
//! to the cent, never negative, never above amount × (the card's highest rate + its highest
//! incentive) rounded to the cent, nor above the card's cap; a qualifying order's lines add
//! up to its commission and a non-qualifying order earns nothing and says why; an order
//! estimated alone gets the same estimate (a repeated order id aside: it counts zero); the
//! summary adds up, adjustments included.
#![no_main]

use std::str::FromStr;

use afflink::{estimate_commission, EstimateContext, Program, RateCard};
use afflink::commission::{estimate_commissions, round_to_cent, IncentiveBasis, ReportLine};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

/// The most an order of each program may earn: (highest rate + highest incentive) / 100,
/// and the card's cap.
struct Bound {
    program: Program,
    rate: Decimal,
    cap: Option<Decimal>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\u{1}');
    let (basis, card_text, orders_text) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let incentive = match basis {
        "" => IncentiveBasis::None,
        "history" => IncentiveBasis::History,
        sales => match Decimal::from_str(sales) {
            Ok(sales) => IncentiveBasis::PreviousPeriodSales(sales),
            Err(_) => IncentiveBasis::None,
        },
    };
    let orders: Vec<serde_json::Value> = orders_text.lines().map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null)).collect();
    let mut ctx = EstimateContext { incentive, ..Default::default() };
    if let Ok(card) = RateCard::from_user_json(card_text) {
        ctx.cards.push(card);
    }
    let bounds: Vec<Bound> = [Program::AliExpress, Program::Alibaba]
        .into_iter()
        .map(|program| {
            let default;
            let card = match ctx.cards.iter().find(|c| c.program == program) {
                Some(card) => card,
                None => {
                    default = RateCard::default_for(program);
                    &default
                }
            };
            Bound { program, rate: (card.highest_rate() + card.highest_incentive()) / Decimal::ONE_HUNDRED, cap: card.cap.as_ref().map(|c| round_to_cent(c.max_commission.0)) }
        })
        .collect();

    let report = estimate_commissions(&orders, &ctx);
    assert_eq!(report.lines.len(), orders.len());
    let (mut total, mut errors, mut qualifying, mut qualifying_amount) = (Decimal::ZERO, 0, 0, Decimal::ZERO);
    let (mut adjustments, mut adjustment_rows) = (Decimal::ZERO, 0);
    for (line, order) in report.lines.iter().zip(&orders) {
        let duplicate = matches!(line, ReportLine::Estimated(e) if e.warnings.iter().any(|w| w.code.as_str() == "duplicate_order"));
        // Without history an order's estimate does not depend on the others.
        if ctx.incentive != IncentiveBasis::History && !duplicate {
            match (line, estimate_commission(order, &ctx)) {
                (ReportLine::Estimated(e), Ok(alone)) => assert_eq!(e, &alone),
                (ReportLine::Refused { error, .. }, Err(alone)) => assert_eq!(error.code(), alone.code()),
                // An adjustment row is refused alone (it is not an order).
                (ReportLine::Adjustment(_), Err(_)) => {}
                (line, alone) => panic!("{line:?} alone gives {alone:?}"),
            }
        }
        let e = match line {
            ReportLine::Estimated(e) => e,
            ReportLine::Adjustment(a) => {
                adjustments += a.adjustment.amount;
                adjustment_rows += 1;
                continue;
            }
            ReportLine::Refused { .. } => {
                errors += 1;
                continue;
            }
        };
        let bound = bounds.iter().find(|b| b.program == e.program).unwrap();
        let most = round_to_cent(e.amount * bound.rate);
        assert!(e.amount >= Decimal::ZERO);
        assert!(e.commission >= Decimal::ZERO && e.commission <= most, "{} > {most} on {}", e.commission, e.amount);
        assert!(bound.cap.is_none_or(|cap| e.commission <= cap), "{} above the cap", e.commission);
        assert_eq!(e.commission, round_to_cent(e.commission), "to the cent");
        assert_eq!(e.commission.scale(), 2);
        if e.qualifies {
            assert!(e.reasons.is_empty() && !e.breakdown.is_empty());
            assert_eq!(e.breakdown.iter().map(|l| l.amount).sum::<Decimal>(), e.commission);
            assert!(e.rate_percent >= Decimal::ZERO);
            qualifying += 1;
            qualifying_amount += e.amount;
        } else {
            assert!(!e.reasons.is_empty() && e.breakdown.is_empty());
            assert!(e.commission.is_zero() && e.rate_percent.is_zero());
        }
        total += e.commission;
    }
    let s = &report.summary;
    assert_eq!((s.orders, s.errors, s.qualifying_orders), (orders.len() - adjustment_rows, errors, qualifying));
    assert_eq!(s.estimated, total);
    assert_eq!(s.adjustments, adjustments);
    assert_eq!(s.net, total + adjustments);
    assert_eq!(s.qualifying_amount, qualifying_amount);
    // Every estimate and adjustment falls in one period (or month) of the summary.
    assert_eq!(s.periods.iter().map(|p| p.commission).sum::<Decimal>(), total);
    assert_eq!(s.periods.iter().map(|p| p.adjustments).sum::<Decimal>(), adjustments);
    assert_eq!(s.payouts.iter().map(|p| p.balance).sum::<Decimal>(), total + adjustments);
});
