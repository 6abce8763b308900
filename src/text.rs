//! Small text helpers every layer may use: slugs, names made from slugs, and calendar dates.
//!
//! A leaf module: it imports nothing from the rest of the crate, so `content`, `data`,
//! `markdown`, `chart` and `site` can all use it without depending on each other.

use std::fmt;

/// Lowercase ASCII words joined by dashes; other scripts are transliterated (deunicode).
/// May be empty (`"!!!"`): callers that make a URL from it must refuse that.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// True for a non-empty string of lowercase ASCII letters, digits and dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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

/// A calendar date as briefs and milestones give it: a year, a month of a year, or a day.
/// Ordered by time (a year sorts before its months, a month before its days), never as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar day), years 1 to 9999.
    pub fn parse_partial(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = number(parts.next()?, 4)?;
        let month = parts.next().map(|m| number(m, 2)).map_or(Ok(None), |m| m.map(Some).ok_or(()));
        let day = parts.next().map(|d| number(d, 2)).map_or(Ok(None), |d| d.map(Some).ok_or(()));
        let (Ok(month), Ok(day)) = (month, day) else { return None };
        if parts.next().is_some() || year == 0 {
            return None;
        }
        let date = Date { year, month: month.map(|m| m as u8), day: day.map(|d| d as u8) };
        match (date.month, date.day) {
            (Some(m), _) if !(1..=12).contains(&m) => None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => None,
            _ => Some(date),
        }
    }

    /// `YYYY-MM-DD` only.
    pub fn parse_day(text: &str) -> Option<Date> {
        Date::parse_partial(text).filter(|d| d.day.is_some())
    }

    /// As readers see it: `4 May 2021`, `May 2021`, `2021`.
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// RFC 3339 at midnight UTC (Atom and sitemaps); a year or a month counts from its first day.
    pub fn timestamp(&self) -> String {
        format!("{:04}-{:02}-{:02}T00:00:00Z", self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

impl fmt::Display for Date {
    /// The ISO form it was written in: `2021`, `2021-05`, `2021-05-04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn number(text: &str, digits: usize) -> Option<u16> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(slugify("Trade & <Tariffs>"), "trade-tariffs");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(title_from_slug("north-korea"), "North Korea");
    }

    #[test]
    fn dates_parse_display_and_sort_by_time() {
        let d = |s: &str| Date::parse_partial(s).unwrap();
        assert_eq!(d("2021-05-04").display(), "4 May 2021");
        assert_eq!(d("1991-07").display(), "July 1991");
        assert_eq!(d("1991").display(), "1991");
        assert_eq!(d("2021-05-04").to_string(), "2021-05-04");
        assert_eq!(d("1991-07").timestamp(), "1991-07-01T00:00:00Z");
        assert!(d("2015") < d("2015-01") && d("2015-12") < d("2016"));
        assert!(Date::parse_partial("2024-02-29").is_some());
        for bad in ["2023-02-29", "2021-13-01", "21-01-01", "1991-7", "2021-00", "0000", "10000", "2021-01-01-01", ""] {
            assert_eq!(Date::parse_partial(bad), None, "{bad}");
        }
        assert_eq!(Date::parse_day("2021-05"), None);
    }
}
