//! One previous-period figure over a batch of several calculation periods: the warning
//! `previous_sales_not_this_period` on the later periods' orders (see [`warn_later_periods`]).

use rust_decimal::Decimal;
use time::Date;

use super::report::ReportLine;
use super::{date_string, round_to_cent, Failed, Part};
use crate::{Code, Program};

/// With the previous period's sales given (one figure), a batch's orders in a later period
/// than the first of their program's still get the incentive that figure picks, but the
/// period before theirs is among the orders given, and its sales may not have reached the
/// figure: each such order with an incentive gets `previous_sales_not_this_period`.
pub(super) fn warn_later_periods(lines: &mut [ReportLine], sales: Decimal) {
    // The first period of each program (AliExpress, Alibaba.com).
    let slot = |p: Program| usize::from(p == Program::Alibaba);
    let mut first: [Option<Date>; 2] = [None, None];
    for line in lines.iter() {
        if let ReportLine::Estimated(e) = line {
            if let Some((start, _)) = e.period {
                let at = &mut first[slot(e.program)];
                *at = Some(at.map_or(start, |d| d.min(start)));
            }
        }
    }
    for line in lines.iter_mut() {
        let ReportLine::Estimated(e) = line else {
            continue;
        };
        let (Some((start, end)), Some(first)) = (e.period, first[slot(e.program)]) else {
            continue;
        };
        let incentive = e
            .breakdown
            .iter()
            .any(|l| l.part == Part::Incentive && !l.amount.is_zero());
        if start > first && incentive {
            e.warnings.push(Failed {
                code: Code::PreviousSalesNotThisPeriod,
                message: format!(
                    "The incentive comes from the previous period's sales given (US${}), but this order is in the period {} to {}, and the orders given start in an earlier period ({}): the sales of the period before this one may not have reached that figure. Estimate each period with its own previous sales, or give the whole history (CLI --history; JavaScript history: true).",
                    round_to_cent(sales),
                    date_string(start),
                    date_string(end),
                    date_string(first),
                ),
            });
        }
    }
}
