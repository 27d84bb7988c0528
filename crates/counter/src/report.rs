//! The owner's report: a site's views over a span of days, by share link, referring domain,
//! country or day, summed over its pages, read from a [`Store`] and printed as a table, CSV or
//! JSON. For the owner only (`cloud-resume stats`, with the store's own credentials); nothing of
//! it is served over HTTP.

use std::collections::BTreeMap;

use time::{Date, Duration};

use crate::{Dimension, PagePath, Store, StoreError};

/// What a report breaks the views down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// One of the attribution dimensions: views per value.
    Dimension(Dimension),
    /// Views and visitors per day, every day of the span.
    Day,
    /// Views and visitors per page (each language's page apart), in the span.
    Page,
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Aligned columns under a line naming the span.
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON document: `{"from","to","by","rows":[…]}`.
    Json,
}

/// A report: its span, its columns, and a row per value (most views first) or per day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The first day (UTC).
    pub first: Date,
    /// The last day (UTC).
    pub last: Date,
    /// The column names: the value's (`ref`, `referrer`, `country`, `date`), then the counts.
    pub columns: Vec<&'static str>,
    /// The rows: the value, then the counts.
    pub rows: Vec<Vec<String>>,
}

impl Report {
    /// The views of `pages` in the `days` UTC days up to `today`, by `by`.
    pub async fn read(
        store: &dyn Store,
        pages: &[PagePath],
        by: By,
        days: u16,
        today: Date,
    ) -> Result<Self, StoreError> {
        let first = today - Duration::days(i64::from(days.max(1)) - 1);
        let (columns, rows) = match by {
            By::Day => (vec!["date", "views", "visitors"], per_day(store, pages, first, today).await?),
            By::Page => {
                let mut rows = Vec::new();
                for page in pages {
                    let days = per_day(store, std::slice::from_ref(page), first, today).await?;
                    let sum = |i: usize| days.iter().filter_map(|d| d[i].parse::<u64>().ok()).sum::<u64>();
                    rows.push(vec![page.to_string(), sum(1).to_string(), sum(2).to_string()]);
                }
                (vec!["page", "views", "visitors"], rows)
            }
            By::Dimension(dimension) => {
                let mut sums = BTreeMap::<String, u64>::new();
                for page in pages {
                    for (value, views) in store.breakdown(page, dimension, first, today).await? {
                        *sums.entry(value).or_default() += views;
                    }
                }
                let mut sums: Vec<(String, u64)> = sums.into_iter().collect();
                sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (vec![dimension.as_str(), "views"], sums.into_iter().map(|(v, n)| vec![v, n.to_string()]).collect())
            }
        };
        Ok(Self { first, last: today, columns, rows })
    }

    /// The report as text in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Csv => self.csv(),
            Format::Json => self.json(),
            Format::Table => self.table(),
        }
    }

    fn csv(&self) -> String {
        let mut out = self.columns.join(",") + "\n";
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&(cells.join(",") + "\n"));
        }
        out
    }

    fn json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|row| {
                let cells = self.columns.iter().zip(row).enumerate().map(|(i, (column, cell))| {
                    // The first column is the value; the counts are numbers.
                    let value = match cell.parse::<u64>() {
                        Ok(n) if i > 0 => n.into(),
                        _ => cell.clone().into(),
                    };
                    ((*column).to_owned(), value)
                });
                serde_json::Value::Object(cells.collect())
            })
            .collect();
        let doc = serde_json::json!({
            "from": self.first.to_string(), "to": self.last.to_string(), "by": self.columns[0], "rows": rows,
        });
        format!("{doc:#}\n")
    }

    fn table(&self) -> String {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| self.rows.iter().map(|r| r[i].chars().count()).chain([self.columns[i].len()]).max().unwrap_or(0))
            .collect();
        // The value left-aligned, the counts right-aligned.
        let line = |cells: &[&str]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
                out.push_str(&if i == 0 { format!("{cell}{pad}  ") } else { format!("{pad}{cell}  ") });
            }
            out.trim_end().to_owned() + "\n"
        };
        let mut out = format!("{} to {} (UTC)\n", self.first, self.last);
        out.push_str(&line(&self.columns));
        for row in &self.rows {
            out.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
        }
        if self.rows.is_empty() {
            out.push_str("(no views in these days)\n");
        }
        out
    }
}

/// Views and visitors of every day from `first` to `last`, zeros included, summed over `pages`.
async fn per_day(
    store: &dyn Store,
    pages: &[PagePath],
    first: Date,
    last: Date,
) -> Result<Vec<Vec<String>>, StoreError> {
    let mut days = BTreeMap::<Date, (u64, u64)>::new();
    for page in pages {
        for d in store.daily(page, first, last).await? {
            let sum = days.entry(d.date).or_default();
            sum.0 += d.views;
            sum.1 += d.visitors;
        }
    }
    let mut rows = Vec::new();
    let mut date = first;
    loop {
        let (views, visitors) = days.get(&date).copied().unwrap_or_default();
        rows.push(vec![date.to_string(), views.to_string(), visitors.to_string()]);
        match date.next_day() {
            Some(next) if date < last => date = next,
            _ => break,
        }
    }
    Ok(rows)
}

/// A CSV cell, quoted when it must be.
fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn report() -> Report {
        Report {
            first: date!(2026 - 11 - 01),
            last: date!(2026 - 11 - 30),
            columns: vec!["referrer", "views"],
            rows: vec![vec!["linkedin.com".into(), "12".into()], vec!["a,\"b\"".into(), "3".into()]],
        }
    }

    #[test]
    fn formats() {
        assert_eq!(report().render(Format::Csv), "referrer,views\nlinkedin.com,12\n\"a,\"\"b\"\"\",3\n");
        let json: serde_json::Value = serde_json::from_str(&report().render(Format::Json)).unwrap();
        assert_eq!(json["rows"][0], serde_json::json!({"referrer": "linkedin.com", "views": 12}));
        assert_eq!(json["from"], "2026-11-01");
        let table = report().render(Format::Table);
        assert_eq!(table.lines().nth(1), Some("referrer      views"));
        assert_eq!(table.lines().nth(2), Some("linkedin.com     12"));
    }
}
