//! How an order's category is matched to a card's: ASCII case and plural insensitive, by
//! the whole name, a path's last part or the name before a parenthesised parent, or by one
//! of the card's aliases (see docs/COMMISSION.md, "Categories").

use super::card::RateCard;

/// A category name as compared: ASCII lower case, single spaces, without a plural `s`. It
/// is the name and how many bytes of its compared form count; nothing is allocated, since
/// matching one order against a card's rules and aliases compares many names.
#[derive(Clone, Copy)]
struct Norm<'a> {
    name: &'a str,
    len: usize,
}

impl<'a> Norm<'a> {
    fn new(name: &'a str) -> Norm<'a> {
        let (mut len, mut before_last, mut last) = (0, 0, 0);
        for b in Norm::bytes(name) {
            len += 1;
            before_last = last;
            last = b;
        }
        if len > 1 && last == b's' && before_last != b's' {
            len -= 1;
        }
        Norm { name, len }
    }

    /// The compared form before the plural `s` is cut: the words, lower case, one space apart.
    fn bytes(name: &str) -> impl Iterator<Item = u8> + '_ {
        name.split_ascii_whitespace()
            .enumerate()
            .flat_map(|(i, word)| {
                (i > 0)
                    .then_some(b' ')
                    .into_iter()
                    .chain(word.bytes().map(|b| b.to_ascii_lowercase()))
            })
    }

    fn same(self, other: Norm) -> bool {
        self.len == other.len
            && Norm::bytes(self.name)
                .take(self.len)
                .eq(Norm::bytes(other.name).take(other.len))
    }
}

/// The ways an order's category may name a card category: itself, the last part of a path
/// (`Computer & Office > Tablets`, `Phones & Telecommunications / Mobile Phones`), and the
/// name before a parenthesised parent (`Tablets (Computer & Office)`).
fn candidates(category: &str) -> [Option<Norm<'_>>; 3] {
    let path_end = category
        .bytes()
        .rposition(|b| b == b'>' || b == b'/')
        .map(|at| Norm::new(&category[at + 1..]));
    let before_parent = category
        .split_once(" (")
        .filter(|_| category.trim_end().ends_with(')'))
        .map(|(name, _)| Norm::new(name));
    [Some(Norm::new(category)), path_end, before_parent]
}

/// Whether an order's `category` is the card's category `wanted` (case and plural
/// insensitive, by path, by full name, or by one of the card's aliases).
pub(crate) fn category_is(card: &RateCard, wanted: &str, category: &str) -> bool {
    if category.trim().is_empty() {
        return false;
    }
    let given = candidates(category);
    let is_given = |name: Norm| given.iter().flatten().any(|g| g.same(name));
    let target = Norm::new(wanted);
    if is_given(target) {
        return true;
    }
    card.category_aliases
        .iter()
        .filter(|(k, _)| Norm::new(k).same(target))
        .filter_map(|(_, aliases)| aliases.as_array())
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .any(|alias| is_given(Norm::new(alias)))
}

#[cfg(test)]
mod tests {
    use super::{candidates, Norm};

    /// The compared forms of a category's candidates, as text.
    fn compared(category: &str) -> Vec<String> {
        candidates(category)
            .into_iter()
            .flatten()
            .map(|n| String::from_utf8(Norm::bytes(n.name).take(n.len).collect()).unwrap())
            .collect()
    }

    /// The compared form as it was first written, with allocations: the reference.
    fn reference(s: &str) -> String {
        let mut n = s
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        if n.len() > 1 && n.ends_with('s') && !n.ends_with("ss") {
            n.pop();
        }
        n
    }

    #[test]
    fn a_category_is_also_its_path_end_and_its_name_before_a_parent() {
        assert_eq!(
            compared("Computer & Office > Tablets"),
            ["computer & office > tablet", "tablet"]
        );
        assert_eq!(
            compared("Tablets (Computer & Office)"),
            ["tablets (computer & office)", "tablet"]
        );
        assert_eq!(
            compared("Phones/Mobile Phones"),
            ["phones/mobile phone", "mobile phone"]
        );
    }

    #[test]
    fn names_compare_as_their_reference_forms_do() {
        let names = [
            "",
            " ",
            "s",
            "S",
            "ss",
            "a s",
            "as",
            "AS",
            "glasses",
            "Glass",
            "Tablets",
            "tablet",
            " Mobile  Phones ",
            "mobile phone",
            "MOBILE\tPHONES",
            "Phones & Telecommunications",
            "phones &  telecommunications",
            "Ünïcode s",
            "ünïcode",
            "a\u{a0}b",
            "a b",
            "bus",
            "bu",
            "x  ss",
            "x ss",
            "Women's Clothing",
            "women's clothings",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    Norm::new(a).same(Norm::new(b)),
                    reference(a) == reference(b),
                    "{a:?} against {b:?}"
                );
            }
        }
    }
}
