//! Diagnostics: a problem in the user's input, located at `path:line:column`.
//!
//! Every stage reports bad input as a [`Diagnostic`] instead of failing with an opaque error.
//! Stages that can keep going collect several into [`Diagnostics`] so one run shows every
//! problem at once, the way `rustc` and `ripgrep` do.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with its place in a file. `line` and `column` are 1-based; 0 means "whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    /// What kind of problem this is, for callers that treat one kind differently (as
    /// tests find figure disagreements by [`FIGURE_DISAGREEMENT`]).
    pub code: Option<&'static str>,
    /// The place is a workbook's cell: `path` names the sheet (`trade.xlsx[Sheet1]`), `line`
    /// and `column` are the cell's row and column, written `!C7` rather than `:7:3`.
    pub cell: bool,
}

/// Two briefs give different values for the same indicator, region and x.
pub const FIGURE_DISAGREEMENT: &str = "figure-disagreement";

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            code: None,
            cell: false,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(path, line, column, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Places the problem in `sheet` of the workbook at `path`, at the cell of row `line` and
    /// column `column`: `trade.xlsx[Sheet1]!C7`.
    pub fn in_sheet(mut self, sheet: &str) -> Self {
        let mut path = self.path.into_os_string();
        path.push(format!("[{sheet}]"));
        self.path = PathBuf::from(path);
        self.cell = true;
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the path relative to `root` when it lies inside it, as users type paths that way.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root)
            && !rel.as_os_str().is_empty()
        {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.cell {
            true => {
                write!(f, "{}!{}: {kind}: {}", self.path.display(), cell_name(self.line, self.column), self.message)?
            }
            false => {
                let line = self.line.max(1);
                let column = self.column.max(1);
                write!(f, "{}:{}:{}: {}: {}", self.path.display(), line, column, kind, self.message)?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of problems, sorted by place so output is stable across runs.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorts by path, line and column, and drops exact repeats.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The name of the 1-based cell (7, 3) of a sheet: `C7`.
pub fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// Finds the closest of `candidates` to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// 1-based line and column of byte `offset` in `text` (column counts characters).
/// Turns CRLF and lone CR line endings into LF, so that every line and column a later stage
/// reports is the one an editor shows, whatever the file's line endings. Borrowed when there is
/// no CR at all, which is the common case.
pub fn normalize_line_endings(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// [`line_col`] for many offsets into one text, asked in increasing order (as a parser meets
/// them): lines are counted on from the previous offset instead of from the top, which made a
/// long file's links and charts quadratic. An offset before the previous one counts afresh.
#[derive(Default)]
pub struct LineCounter {
    /// The last offset asked for, and its line.
    last: std::cell::Cell<(usize, usize)>,
}

impl LineCounter {
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let (mut from, mut line) = self.last.get();
        if offset < from || line == 0 {
            (from, line) = (0, 1);
        }
        line += text.as_bytes()[from..offset].iter().filter(|&&b| b == b'\n').count();
        self.last.set((offset, line));
        let before = &text[..offset];
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (line, before[line_start..].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_agrees_with_line_col_in_any_order() {
        let text = "a\nbé\n\nкод x\n";
        let counter = LineCounter::default();
        for offset in [0, 1, 2, 5, 6, 7, 3, 14, 16, 99, 0, 7] {
            let offset = offset.min(text.len());
            if !text.is_char_boundary(offset) {
                continue;
            }
            assert_eq!(counter.line_col(text, offset), line_col(text, offset), "offset {offset}");
        }
    }
}
