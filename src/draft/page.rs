//! A saved vendor page → its text: lines and tables, each piece with the place it stands on the
//! page, so every value drafted from it can say where it came from.
//!
//! A text page (`.txt`, `.md`) is read line by line; a run of lines written as a Markdown table
//! (`| 1K | $0.067 |`) is a table, its first line the header when a `|---|` line follows it.
//! An HTML page is parsed by html5ever (through `scraper`), as a browser would: scripts, styles
//! and templates are dropped, every block element ends a line, and every `<table>` is read cell
//! by cell, its `<th>` row (or `<thead>`) the header.

use std::fmt;

use scraper::{ElementRef, Html, Node};

/// Where a piece of text stands on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// A line of a text page (1-based).
    Line(usize),
    /// A cell of a Markdown table: its line and column (1-based).
    LineCell { line: usize, column: usize },
    /// A paragraph (block of text) of an HTML page, counted from 1.
    Paragraph(usize),
    /// A cell of an HTML table: table, row and column, each counted from 1.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

impl Place {
    /// The row a cell stands in, as a place of its own (the cell's line, or column 1).
    pub fn row(self) -> Place {
        match self {
            Place::LineCell { line, .. } => Place::Line(line),
            Place::Cell { table, row, .. } => Place::Cell {
                table,
                row,
                column: 0,
            },
            other => other,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::LineCell { line, column } => write!(f, "line {line}, cell {column}"),
            Place::Paragraph(n) => write!(f, "paragraph {n}"),
            Place::Cell {
                table,
                row,
                column: 0,
            } => {
                write!(f, "table {table}, row {row}")
            }
            Place::Cell { table, row, column } => {
                write!(f, "table {table}, row {row}, cell {column}")
            }
        }
    }
}

/// A piece of the page's text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub place: Place,
    pub text: String,
}

/// A table: its header cells (empty when it has none) and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Text(Text),
    Table(Table),
}

/// A page, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub blocks: Vec<Block>,
}

/// Whether a file name is an HTML page's.
pub fn is_html(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml")
}

/// Reads a page: HTML by its name, any other as text.
pub fn read(name: &str, text: &str) -> Page {
    if is_html(name) {
        read_html(text)
    } else {
        read_text(text)
    }
}

/// A whitespace run made one space, the ends trimmed.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cells of a Markdown table line (`| a | b |`), or `None` for a line that is not one.
fn markdown_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if !t.starts_with('|') || t.matches('|').count() < 2 {
        return None;
    }
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

/// A Markdown table's header rule: `|---|:--:|`.
fn is_rule(cells: &[&str]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim_matches(':');
        c.len() >= 2 && c.chars().all(|ch| ch == '-')
    })
}

/// A page saved as one long line ("# Title ## Pricing - **Base Cost:** … | Rule | Price | |
/// --- | --- | | a | $1 |"), cut back into the lines it was made of: at each heading and list
/// item, and at each row of a table written inline (one whose rule row `| --- |` is inline).
fn unflatten(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut piece = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let cut = [" ## ", " ### ", " #### ", " - **"]
            .iter()
            .filter_map(|m| rest.find(m))
            .min();
        match cut {
            Some(at) => {
                piece.push_str(&rest[..at]);
                out.push(std::mem::take(&mut piece));
                rest = &rest[at + 1..];
                // Keep the marker with the piece it starts.
                let marker = rest.find(' ').map_or(rest.len(), |s| s + 1);
                piece.push_str(&rest[..marker]);
                rest = &rest[marker..];
            }
            None => {
                piece.push_str(rest);
                rest = "";
            }
        }
    }
    out.push(piece);
    let mut lines = Vec::new();
    for piece in out {
        let inline_table = piece.contains("| | ---") || piece.contains("| |---");
        if !inline_table {
            lines.push(piece);
            continue;
        }
        let rows: Vec<&str> = piece.split("| |").collect();
        let last = rows.len() - 1;
        for (i, row) in rows.iter().enumerate() {
            let mut row = row.trim().to_owned();
            if i > 0 {
                row.insert_str(0, "| ");
            }
            if i < last {
                row.push_str(" |");
            }
            // The header row carries the text before the table: "## Pricing | Rule | Price |".
            if i == 0 && rows.len() > 1 {
                let columns =
                    markdown_cells(&format!("| {} |", rows[1].trim())).map_or(0, |c| c.len());
                let bars: Vec<usize> = row.match_indices('|').map(|(at, _)| at).collect();
                if columns > 0 && bars.len() > columns {
                    let start = bars[bars.len() - 1 - columns];
                    let prose = row[..start].trim().to_owned();
                    row = row[start..].to_owned();
                    if !prose.is_empty() {
                        lines.push(prose);
                    }
                }
            }
            lines.push(row);
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines
}

/// Reads a text page: a line per line, Markdown tables as tables.
pub fn read_text(text: &str) -> Page {
    let mut numbered: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.len() > 400 {
            numbered.extend(unflatten(line).into_iter().map(|l| (i + 1, l)));
        } else {
            numbered.push((i + 1, line.to_owned()));
        }
    }
    let numbers: Vec<usize> = numbered.iter().map(|(n, _)| *n).collect();
    let lines: Vec<&str> = numbered.iter().map(|(_, l)| l.as_str()).collect();
    let mut page = Page::default();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = markdown_cells(lines[i]) else {
            let text = squeeze(lines[i]);
            if !text.is_empty() {
                page.blocks.push(Block::Text(Text {
                    place: Place::Line(numbers[i]),
                    text,
                }));
            }
            i += 1;
            continue;
        };
        let mut table = Table {
            header: Vec::new(),
            rows: Vec::new(),
        };
        let ruled = lines
            .get(i + 1)
            .and_then(|l| markdown_cells(l))
            .is_some_and(|c| is_rule(&c));
        if ruled {
            table.header = first.iter().map(|c| squeeze(c)).collect();
            i += 2;
        }
        while let Some(cells) = lines.get(i).and_then(|l| markdown_cells(l)) {
            if !is_rule(&cells) {
                table.rows.push(
                    cells
                        .iter()
                        .enumerate()
                        .map(|(c, cell)| Text {
                            place: Place::LineCell {
                                line: numbers[i],
                                column: c + 1,
                            },
                            text: squeeze(cell),
                        })
                        .collect(),
                );
            }
            i += 1;
        }
        page.blocks.push(Block::Table(table));
    }
    page
}

/// Elements whose content is not page text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "select", "button",
];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "address",
    "details",
    "summary",
    "hr",
    "caption",
    "body",
];

/// Walks an HTML page, gathering paragraphs and tables in reading order.
#[derive(Default)]
struct Walker {
    page: Page,
    line: String,
    paragraphs: usize,
    tables: usize,
    /// How deep the walk is: past [`MAX_DEPTH`] an element's text is read flat.
    depth: usize,
}

/// Elements nested deeper than this are read as their text alone, so no page can exhaust the
/// stack.
const MAX_DEPTH: usize = 200;

/// Whether a browser would not show an element's text as a price: struck through (`<s>`,
/// `<del>`), or hidden.
fn unseen(e: &scraper::node::Element) -> bool {
    if matches!(e.name(), "s" | "del" | "strike") || e.attr("hidden").is_some() {
        return true;
    }
    let style: String = e
        .attr("style")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.contains("line-through")
        || e.attr("aria-hidden") == Some("true")
}

impl Walker {
    fn flush(&mut self) {
        let text = squeeze(&self.line);
        self.line.clear();
        if !text.is_empty() {
            self.paragraphs += 1;
            self.page.blocks.push(Block::Text(Text {
                place: Place::Paragraph(self.paragraphs),
                text,
            }));
        }
    }

    fn walk(&mut self, element: ElementRef<'_>) {
        if self.depth >= MAX_DEPTH {
            for text in element.text() {
                self.line.push_str(text);
                self.line.push(' ');
            }
            return;
        }
        self.depth += 1;
        self.walk_children(element);
        self.depth -= 1;
    }

    fn walk_children(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(t) => self.line.push_str(t),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if SKIPPED.contains(&name) || unseen(e) {
                        continue;
                    }
                    if name == "table" {
                        self.flush();
                        self.table(child);
                    } else if name == "br" {
                        self.flush();
                    } else if BLOCKS.contains(&name) {
                        self.flush();
                        self.walk(child);
                        self.flush();
                    } else {
                        // Inline: words on either side stay apart ("<b>1K</b><span>$0.06")
                        // only where the page puts space; a cell-like element gets a space.
                        self.walk(child);
                        if matches!(name, "td" | "th" | "span" | "img") {
                            self.line.push(' ');
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A table, cell by cell. A table inside a cell is read as that cell's text.
    fn table(&mut self, table: ElementRef<'_>) {
        self.tables += 1;
        let number = self.tables;
        let mut out = Table {
            header: Vec::new(),
            rows: Vec::new(),
        };
        let mut row_number = 0;
        // A cell spanning rows below: its text and how many rows it still covers, by column.
        let mut carried: Vec<Option<(String, usize)>> = Vec::new();
        for tr in rows_of(table) {
            let cells: Vec<ElementRef<'_>> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let in_head = tr
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|p| p.value().name() == "thead");
            let all_th = cells.iter().all(|c| c.value().name() == "th");
            // The row as the grid a browser draws: a cell of `colspan` n fills n columns, and
            // one of `rowspan` n fills its column in the n - 1 rows below.
            let span = |c: &ElementRef<'_>, attr: &str| {
                c.value()
                    .attr(attr)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64)
            };
            let mut texts: Vec<String> = Vec::new();
            let mut cells = cells.into_iter();
            loop {
                let column = texts.len();
                if let Some(Some((text, left))) = carried.get_mut(column) {
                    texts.push(text.clone());
                    *left -= 1;
                    if *left == 0 {
                        carried[column] = None;
                    }
                    continue;
                }
                let Some(cell) = cells.next() else { break };
                let text = cell_text(cell);
                for _ in 0..span(&cell, "colspan") {
                    let column = texts.len();
                    let below = span(&cell, "rowspan") - 1;
                    if carried.len() <= column {
                        carried.resize(column + 1, None);
                    }
                    if below > 0 {
                        carried[column] = Some((text.clone(), below));
                    }
                    texts.push(text.clone());
                }
            }
            if out.header.is_empty() && out.rows.is_empty() && (in_head || all_th) {
                out.header = texts;
                continue;
            }
            row_number += 1;
            out.rows.push(
                texts
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| Text {
                        place: Place::Cell {
                            table: number,
                            row: row_number,
                            column: c + 1,
                        },
                        text,
                    })
                    .collect(),
            );
        }
        self.page.blocks.push(Block::Table(out));
    }
}

/// A table's rows, in order: its own `<tr>`s, directly or in `<thead>`, `<tbody>`, `<tfoot>`.
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

/// A cell's text, scripts and styles left out, its whitespace made single spaces.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut w = Walker::default();
    w.walk(cell);
    w.flush();
    let mut parts = Vec::new();
    for block in w.page.blocks {
        match block {
            Block::Text(t) => parts.push(t.text),
            Block::Table(t) => {
                parts.extend(t.header);
                parts.extend(t.rows.into_iter().flatten().map(|c| c.text));
            }
        }
    }
    parts.join(" ")
}

/// Reads an HTML page.
pub fn read_html(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut w = Walker::default();
    w.walk(doc.root_element());
    w.flush();
    w.page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page) -> Vec<String> {
        page.blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) => format!("{}: {}", t.place, t.text),
                Block::Table(t) => format!(
                    "table [{}] {}",
                    t.header.join("|"),
                    t.rows
                        .iter()
                        .map(|r| r
                            .iter()
                            .map(|c| format!("{}={}", c.place, c.text))
                            .collect::<Vec<_>>()
                            .join(" "))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
            })
            .collect()
    }

    #[test]
    fn a_text_page_keeps_its_line_numbers_and_reads_markdown_tables() {
        let page = read_text(
            "Pricing\n\n| Size | Price |\n|---|:--:|\n| 1K | $0.067 |\n| 4K | $0.151 |\nAfter  the   table\n| a | b |\n",
        );
        assert_eq!(
            texts(&page),
            [
                "line 1: Pricing",
                "table [Size|Price] line 5, cell 1=1K line 5, cell 2=$0.067 / line 6, cell 1=4K line 6, cell 2=$0.151",
                "line 7: After the table",
                "table [] line 8, cell 1=a line 8, cell 2=b",
            ]
        );
    }

    #[test]
    fn an_html_page_is_read_as_a_browser_shows_it_without_scripts() {
        let page = read_html(
            r#"<html><head><title>T</title><style>p{}</style></head><body>
            <h1>Nano <b>Banana</b> 2</h1><script>var price = "$9";</script>
            <p>From <span>$0.04</span>per image.<br>Second line</p>
            <table><thead><tr><th>Size</th><th>Price</th></tr></thead>
            <tbody><tr><td>1K</td><td><b>$0.067</b> / image</td></tr>
            <tr><td>4K</td><td>$0.151</td></tr></tbody></table>
            <div>Tail &amp; more</div></body></html>"#,
        );
        assert_eq!(
            texts(&page),
            [
                "paragraph 1: Nano Banana 2",
                "paragraph 2: From $0.04 per image.",
                "paragraph 3: Second line",
                "table [Size|Price] table 1, row 1, cell 1=1K table 1, row 1, cell 2=$0.067 / image / table 1, row 2, cell 1=4K table 1, row 2, cell 2=$0.151",
                "paragraph 4: Tail & more",
            ]
        );
    }

    #[test]
    fn a_page_saved_as_one_line_is_cut_at_its_headings_items_and_inline_table_rows() {
        let long = "x".repeat(400);
        let page = read_text(&format!(
            "# Title {long} ## Pricing - **Base Cost:** 1k 0.15$ ### Rules | Rule | Price | | --- | --- | | a | $0.15 | | b | $0.30 | ## Next"
        ));
        let shown = texts(&page);
        assert_eq!(shown[1], "line 1: ## Pricing");
        assert_eq!(shown[2], "line 1: - **Base Cost:** 1k 0.15$");
        assert_eq!(shown[3], "line 1: ### Rules");
        assert_eq!(
            shown[4],
            "table [Rule|Price] line 1, cell 1=a line 1, cell 2=$0.15 / line 1, cell 1=b line 1, cell 2=$0.30"
        );
        assert_eq!(shown[5], "line 1: ## Next");
    }

    #[test]
    fn spanned_cells_fill_their_columns_and_rows_and_hidden_or_struck_text_is_left_out() {
        let page = read_html(
            "<table><tr><th>Size</th><th>Ours</th><th>Google</th></tr>\
             <tr><td rowspan=2>1K</td><td>$0.05</td><td>$0.067</td></tr>\
             <tr><td colspan=2>$0.04</td></tr></table>\
             <p>Now <s>$0.134</s> <span style=\"display: none\">$0.01</span>$0.09</p>",
        );
        let shown = texts(&page);
        assert!(
            shown[0].ends_with(
                "row 1, cell 1=1K table 1, row 1, cell 2=$0.05 table 1, row 1, cell 3=$0.067 / table 1, row 2, cell 1=1K table 1, row 2, cell 2=$0.04 table 1, row 2, cell 3=$0.04"
            ),
            "{shown:?}"
        );
        assert_eq!(shown[1], "paragraph 1: Now $0.09");
    }

    #[test]
    fn a_page_nested_past_any_stack_is_read_flat() {
        let deep = format!("{}$0.05{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
        let page = read_html(&deep);
        assert!(
            texts(&page).iter().any(|t| t.contains("$0.05")),
            "{:?}",
            texts(&page)
        );
    }

    #[test]
    fn a_table_with_no_header_row_has_every_row_as_data() {
        let page = read_html("<table><tr><td>1K</td><td>$1</td></tr></table>");
        let Block::Table(t) = &page.blocks[0] else {
            panic!("{page:?}")
        };
        assert!(t.header.is_empty());
        assert_eq!(t.rows.len(), 1);
    }
}
