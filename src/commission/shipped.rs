//! The shipped rate cards: the documented-minimum defaults and the named cards that hold
//! figures read from a worked example or a third party's listing.

use std::sync::OnceLock;

use serde::Serialize;

use super::card::RateCard;
use crate::Program;

const DEFAULT_ALIEXPRESS: &str = include_str!("../../rates/aliexpress.json");
const DEFAULT_ALIBABA: &str = include_str!("../../rates/alibaba.json");
const EXAMPLE_ALIEXPRESS: &str = include_str!("../../rates/aliexpress-example-2016.json");
const LISTING_ALIBABA: &str = include_str!("../../rates/alibaba-listing.json");

/// A shipped card: its name, program, whether it is the program's default, and its JSON.
struct Shipped {
    name: &'static str,
    program: Program,
    default: bool,
    json: &'static str,
}

const SHIPPED: &[Shipped] = &[
    Shipped {
        name: "aliexpress-documented",
        program: Program::AliExpress,
        default: true,
        json: DEFAULT_ALIEXPRESS,
    },
    Shipped {
        name: "alibaba-documented",
        program: Program::Alibaba,
        default: true,
        json: DEFAULT_ALIBABA,
    },
    Shipped {
        name: "aliexpress-example-2016",
        program: Program::AliExpress,
        default: false,
        json: EXAMPLE_ALIEXPRESS,
    },
    Shipped {
        name: "alibaba-listing",
        program: Program::Alibaba,
        default: false,
        json: LISTING_ALIBABA,
    },
];

/// The names of the shipped cards, for messages.
pub(crate) fn shipped_names() -> String {
    SHIPPED
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One shipped card, as `afflink rates list` and `rateCards()` describe it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInfo {
    /// The name `--rates` and `rateCards` take.
    pub name: &'static str,
    /// The program.
    pub program: Program,
    /// Whether it is the program's default ("documented minimum").
    pub default: bool,
    /// The card's title.
    pub title: String,
    /// The card's note.
    pub note: String,
}

impl RateCard {
    /// The card afflink ships for a program: only figures the program documents for every
    /// publisher, the lowest of a range (never overstates).
    ///
    /// ```
    /// let card = afflink::RateCard::default_for(afflink::Program::AliExpress);
    /// assert_eq!(card.rules.last().unwrap().percent.unwrap().0.to_string(), "8");
    /// assert_eq!(card.highest_rate().to_string(), "8");
    /// ```
    pub fn default_for(program: Program) -> RateCard {
        Self::default_ref(program).clone()
    }

    /// The shipped default card, parsed once.
    pub(crate) fn default_ref(program: Program) -> &'static RateCard {
        let name = match program {
            Program::AliExpress => "aliexpress-documented",
            Program::Alibaba => "alibaba-documented",
        };
        Self::shipped_ref(name).unwrap_or_else(|| unreachable!("the default cards are shipped"))
    }

    fn shipped_ref(name: &str) -> Option<&'static RateCard> {
        static PARSED: OnceLock<Vec<RateCard>> = OnceLock::new();
        let at = SHIPPED.iter().position(|c| c.name == name)?;
        // The shipped cards are checked by the tests; a broken one would be a build bug.
        let cards = PARSED.get_or_init(|| {
            SHIPPED
                .iter()
                .map(|c| {
                    Self::from_json_str(c.json)
                        .unwrap_or_else(|e| panic!("shipped rate card {} is invalid: {e}", c.name))
                })
                .collect()
        });
        cards.get(at)
    }

    /// A shipped card by name: `aliexpress-documented` (also `aliexpress`),
    /// `alibaba-documented` (also `alibaba`), `aliexpress-example-2016`, `alibaba-listing`.
    ///
    /// ```
    /// let card = afflink::RateCard::named("aliexpress-example-2016").unwrap();
    /// assert_eq!(card.highest_rate().to_string(), "14");
    /// assert!(afflink::RateCard::named("ebay").is_none());
    /// ```
    pub fn named(name: &str) -> Option<RateCard> {
        // Read again rather than cloned: the module then needs no card-cloning code.
        Self::from_json_str(Self::named_json(name)?).ok()
    }

    /// The JSON text of a shipped card by name (as [`RateCard::named`]).
    pub fn named_json(name: &str) -> Option<&'static str> {
        let name = match name.trim() {
            "aliexpress" => "aliexpress-documented",
            "alibaba" => "alibaba-documented",
            other => other,
        };
        SHIPPED.iter().find(|c| c.name == name).map(|c| c.json)
    }

    /// Every shipped card, defaults first.
    pub fn shipped() -> Vec<CardInfo> {
        SHIPPED
            .iter()
            .filter_map(|c| {
                let card = Self::shipped_ref(c.name)?;
                Some(CardInfo {
                    name: c.name,
                    program: c.program,
                    default: c.default,
                    title: card.name.clone(),
                    note: card.note.clone(),
                })
            })
            .collect()
    }

    /// The JSON text of the shipped default card.
    pub fn default_json(program: Program) -> &'static str {
        match program {
            Program::AliExpress => DEFAULT_ALIEXPRESS,
            Program::Alibaba => DEFAULT_ALIBABA,
        }
    }
}
