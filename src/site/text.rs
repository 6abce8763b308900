//! Small text helpers of the model: slugs, names from slugs, dates for display.

/// Lowercase ASCII words joined by dashes; other scripts are transliterated (deunicode).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// `north-korea` -> `North Korea`, for regions and initiatives that have no description file.
pub fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// English month names, for dates shown to readers.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2021-05-04` -> `4 May 2021`; `2021-05` -> `May 2021`; `2021` stays.
pub fn display_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| m.parse::<usize>().ok().and_then(|m| MONTHS.get(m.wrapping_sub(1))).copied();
    match parts.as_slice() {
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => date.to_string(),
        },
        [y, m] => month(m).map(|m| format!("{m} {y}")).unwrap_or_else(|| date.to_string()),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(slugify("Trade & <Tariffs>"), "trade-tariffs");
        assert_eq!(title_from_slug("north-korea"), "North Korea");
        assert_eq!(display_date("2021-05-04"), "4 May 2021");
        assert_eq!(display_date("1991-07"), "July 1991");
        assert_eq!(display_date("1991"), "1991");
    }
}
