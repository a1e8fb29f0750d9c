//! A summary of diagnostics by category: one line per kind of problem, however many times it occurs,
//! for the reports of large specs that warn a thousand times about a handful of things.

use super::{Category, Diagnostic, Diagnostics, Severity};
use std::collections::HashMap;
use std::fmt;

/// The diagnostics of one category and severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategorySummary<'a> {
    pub category: Category,
    pub severity: Severity,
    /// How many diagnostics there are of this category and severity.
    pub count: usize,
    /// The first of them, in the order they were reported: where to look first.
    pub first: &'a Diagnostic,
}

impl CategorySummary<'_> {
    /// What avoids these diagnostics: the fix at the first place, when it has one, else the
    /// category's general advice.
    pub fn avoid(&self) -> &str {
        self.first.fix.as_deref().unwrap_or(self.category.advice())
    }
}

/// Diagnostics by category, errors first, then the most frequent; `Display` writes one line per
/// category and a line of totals:
///
/// ```text
/// warning[deep-object-union]: 220 × a `deepObject` parameter is not always an object; … — first at #/paths/~1a/get/parameters/0; avoid: give `deepObject` parameters an object schema
/// 0 errors, 220 warnings in 1 category
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary<'a> {
    /// One entry per category and severity: errors first, then by count (most first), then by code.
    pub categories: Vec<CategorySummary<'a>>,
    pub errors: usize,
    pub warnings: usize,
}

impl Diagnostics {
    /// These diagnostics by category (see [`Summary`]).
    pub fn summary(&self) -> Summary<'_> {
        let mut at: HashMap<(Severity, Category), usize> = HashMap::new();
        let mut categories: Vec<CategorySummary<'_>> = Vec::new();
        let (mut errors, mut warnings) = (0, 0);
        for d in self.items() {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let index = *at.entry((d.severity, d.category)).or_insert_with(|| {
                categories.push(CategorySummary {
                    category: d.category,
                    severity: d.severity,
                    count: 0,
                    first: d,
                });
                categories.len() - 1
            });
            categories[index].count += 1;
        }
        categories.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.count.cmp(&a.count))
                .then(a.category.code().cmp(b.category.code()))
        });
        Summary {
            categories,
            errors,
            warnings,
        }
    }
}

impl fmt::Display for CategorySummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {} × {} — first at {}; avoid: {}",
            self.severity,
            self.category.code(),
            self.count,
            self.category.title(),
            self.first.pointer,
            self.category.advice()
        )
    }
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.categories {
            writeln!(f, "{c}")?;
        }
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        writeln!(
            f,
            "{}, {} in {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.categories.len(), "category", "categories"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_puts_errors_first_then_the_most_frequent_then_by_code() {
        let mut diags = Diagnostics::default();
        diags.warning(Category::NumberEnum, "#/components/schemas/A/enum", "m");
        diags.warning(Category::DeepObjectUnion, "#/paths/~1a/get/parameters/0", "m");
        diags.warning(Category::NumberEnum, "#/components/schemas/B/enum", "m");
        diags.warning(Category::DeepObjectUnion, "#/paths/~1b/get/parameters/0", "m");
        diags.warning(Category::CallbacksIgnored, "#/paths/~1a/get/callbacks", "m");
        diags.error(Category::UnresolvedRef, "#/components/schemas/C", "m");
        let summary = diags.summary();
        let order: Vec<(Severity, &str, usize, &str)> = summary
            .categories
            .iter()
            .map(|c| (c.severity, c.category.code(), c.count, c.first.pointer.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (Severity::Error, "unresolved-ref", 1, "#/components/schemas/C"),
                (
                    Severity::Warning,
                    "deep-object-union",
                    2,
                    "#/paths/~1a/get/parameters/0"
                ),
                (Severity::Warning, "number-enum", 2, "#/components/schemas/A/enum"),
                (Severity::Warning, "callbacks-ignored", 1, "#/paths/~1a/get/callbacks"),
            ]
        );
        assert_eq!((summary.errors, summary.warnings), (1, 5));
    }

    #[test]
    fn summary_renders_one_line_per_category_and_the_totals() {
        let mut diags = Diagnostics::default();
        diags.warning(Category::NumberEnum, "s.yaml: #/components/schemas/A/enum", "m");
        diags.warning(Category::NumberEnum, "s.yaml: #/components/schemas/B/enum", "m");
        assert_eq!(
            diags.summary().to_string(),
            "warning[number-enum]: 2 × a number enum is a plain number; its values are not checked \
             — first at s.yaml: #/components/schemas/A/enum; avoid: none needed; use a string enum if \
             the values must be checked\n\
             0 errors, 2 warnings in 1 category\n"
        );
    }

    #[test]
    fn an_error_demoted_to_a_warning_is_counted_apart() {
        let mut diags = Diagnostics::default();
        diags.error(Category::InvalidParameter, "#/a", "m");
        let start = diags.len();
        diags.error(Category::InvalidParameter, "#/b", "m");
        diags.demote_since(start);
        let summary = diags.summary();
        assert_eq!(summary.categories.len(), 2);
        assert_eq!(summary.categories[0].severity, Severity::Error);
        assert_eq!(summary.categories[1].first.pointer, "#/b");
        assert_eq!(
            summary.to_string().lines().last(),
            Some("1 error, 1 warning in 2 categories")
        );
    }
}
