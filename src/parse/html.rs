//! Saved HTML pages to visible text, with a real HTML parser (html5ever through scraper).
//!
//! The text is what a browser shows and what a person copying the page gets: scripts,
//! styles, the `<head>` and hidden elements are left out, block elements and `<br>` end
//! lines, table cells are separated by tabs, and runs of spaces collapse. A page whose
//! visible text is itself an HTML page (a page source pasted into a rich-text editor and
//! saved again) is unwrapped once more.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::model::QuestionId;

/// What a saved page gives besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText {
    /// Visible text, one block per line.
    pub text: String,
    /// The author's AN id when the page links to exactly one deputy (`PA722252`).
    pub author_id: Option<String>,
    /// The question's uid when the page names exactly one (`data-id="QANR5L16QOSD350 …"`).
    pub question_id: Option<QuestionId>,
}

/// Whether bytes look like an HTML document rather than page text.
#[must_use]
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || head.starts_with("<head")
        || head.starts_with("<body")
        || (head.starts_with('<')
            && (head.contains("<html") || head.contains("<body") || head.contains("<meta")))
}

/// Extracts the visible text of an HTML page (see the module documentation).
#[must_use]
pub fn html_to_text(html: &str) -> HtmlText {
    let mut out = HtmlText::default();
    let mut current = extract(html, &mut out);
    // A page source shown as text: parse it again (once; a third level is not a real case).
    if looks_like_html(&current) {
        let mut inner = HtmlText::default();
        current = extract(&current, &mut inner);
        if inner.author_id.is_some() {
            out.author_id = inner.author_id;
        }
        if inner.question_id.is_some() {
            out.question_id = inner.question_id;
        }
    }
    if out.author_id.is_none() {
        out.author_id = unique(deputy_ids_in_text(&current));
    }
    out.text = current;
    out
}

/// Repairs the text of a page whose links were re-written by an editor (a page source
/// auto-linkified, then parsed): such text carries the link targets before the link texts
/// (`https://…/PA722252">Mme Marie-Pierre Rixain`). Lines that are only a link target are
/// dropped, and what precedes a `">` that follows a URL or an attribute is removed.
#[must_use]
pub fn repair_link_damage(text: &str) -> String {
    if !text.contains("\">") {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let next_starts_damaged = lines
            .get(i + 1)
            .is_some_and(|n| n.trim_start().starts_with("\">"));
        let bare_url = (trimmed.starts_with("http://") || trimmed.starts_with("https://"))
            && !trimmed.contains(' ');
        if bare_url && (next_starts_damaged || trimmed.ends_with("\">")) {
            continue;
        }
        let repaired = cut_link_targets(line);
        out.push_str(&repaired);
        out.push('\n');
    }
    out
}

/// Removes every `http…">` run from a line (a link target left before its link text).
fn cut_link_targets(line: &str) -> String {
    let mut out = line.to_owned();
    while let Some(gt) = out.find("\">") {
        let start = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| out[..gt].rfind(scheme))
            .max();
        match start {
            Some(start) => out.replace_range(start..gt + 2, ""),
            None if out[..gt].trim().is_empty() => out.replace_range(..gt + 2, ""),
            None => break,
        }
    }
    out
}

/// HTML that is a fragment of text (an answer from the open data) to plain text with
/// paragraphs kept as lines.
#[must_use]
pub fn fragment_to_text(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return crate::text::normalize_paragraphs(fragment);
    }
    let html = Html::parse_fragment(fragment);
    let mut ignored = HtmlText::default();
    crate::text::normalize_paragraphs(&render(&html, &mut ignored))
}

fn extract(html: &str, out: &mut HtmlText) -> String {
    let doc = Html::parse_document(html);
    render(&doc, out)
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object",
    "button", "select",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "pre",
    "form",
    "hr",
    "center",
    "address",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
    "caption",
    "body",
    "html",
    "option",
];

fn is_hidden(element: &scraper::node::Element) -> bool {
    if element.attr("hidden").is_some() {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("visibility:hidden") || style.contains("display:none")
    })
}

fn render(doc: &Html, out: &mut HtmlText) -> String {
    let mut text = String::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut pre_depth = 0usize;
    let mut pending_space = false;
    let mut deputy_ids: Vec<String> = Vec::new();
    let mut question_ids: Vec<QuestionId> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => {
                        if pre_depth > 0 {
                            text.push_str(&t.text);
                            continue;
                        }
                        for c in t.chars() {
                            if crate::text::is_space(c) {
                                pending_space = true;
                            } else {
                                if pending_space
                                    && !text.is_empty()
                                    && !text.ends_with(['\n', '\t', ' '])
                                {
                                    text.push(' ');
                                }
                                pending_space = false;
                                text.push(c);
                            }
                        }
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        if SKIPPED.contains(&name) || is_hidden(e) {
                            skip = Some(node.id());
                            continue;
                        }
                        collect_ids(e, &mut deputy_ids, &mut question_ids);
                        if name == "pre" {
                            pre_depth += 1;
                        }
                        if name == "br" {
                            text.push('\n');
                            pending_space = false;
                        } else if BLOCKS.contains(&name) {
                            end_line(&mut text);
                            pending_space = false;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if name == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if BLOCKS.contains(&name) {
                        end_line(&mut text);
                        pending_space = false;
                    } else if matches!(name, "td" | "th") {
                        while text.ends_with(' ') {
                            text.pop();
                        }
                        text.push('\t');
                        pending_space = false;
                    }
                }
            }
        }
    }
    if out.author_id.is_none() {
        out.author_id = unique(deputy_ids);
    }
    if out.question_id.is_none() {
        question_ids.sort_unstable();
        question_ids.dedup();
        if question_ids.len() == 1 {
            out.question_id = question_ids.pop();
        }
    }
    tidy(&text)
}

fn end_line(text: &mut String) {
    while text.ends_with([' ', '\t']) {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Trims each line and removes runs of blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.split('\n') {
        let line = line.trim_matches(|c: char| c == ' ' || c == '\t');
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

fn collect_ids(
    e: &scraper::node::Element,
    deputies: &mut Vec<String>,
    questions: &mut Vec<QuestionId>,
) {
    if let Some(id) = e.attr("data-document-id").filter(|v| is_pa_id(v)) {
        deputies.push(id.to_owned());
    }
    if e.name() == "a" {
        if let Some(href) = e.attr("href") {
            deputies.extend(deputy_ids_in_text(href));
        }
    }
    if let Some(data_id) = e.attr("data-id") {
        if let Some(uid) = data_id.split_whitespace().next() {
            if let Some(id) = QuestionId::from_uid(uid) {
                questions.push(id);
            }
        }
    }
}

fn is_pa_id(s: &str) -> bool {
    s.len() > 2 && s.starts_with("PA") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Deputy ids in link targets: `/deputes/PA722252`, `/fiche/OMC_PA607603`.
fn deputy_ids_in_text(s: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in ["/deputes/PA", "OMC_PA", "/acteur/PA"] {
        let mut rest = s;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                ids.push(format!("PA{digits}"));
            }
            rest = after;
        }
    }
    ids
}

fn unique(mut ids: Vec<String>) -> Option<String> {
    ids.sort_unstable();
    ids.dedup();
    if ids.len() == 1 { ids.pop() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_break_lines_and_cells_are_tabbed() {
        let t = html_to_text(
            "<html><head><title>T</title><style>p{}</style></head><body><p>Rubrique :  <b>x</b></p><table><tr><td>a</td><td>b</td></tr></table>l1<br>l2<script>no()</script></body></html>",
        );
        assert_eq!(t.text, "Rubrique : x\na\tb\nl1\nl2");
    }

    #[test]
    fn hidden_elements_are_not_visible() {
        let t = html_to_text(
            "<html><body><p>seen</p><span style=\"visibility: hidden\"><grp>COM</grp></span><div hidden>no</div></body></html>",
        );
        assert_eq!(t.text, "seen");
    }

    #[test]
    fn a_page_source_pasted_into_an_editor_is_unwrapped() {
        let inner = "&lt;html&gt;&lt;body&gt;&lt;p&gt;Question N° 3200&lt;/p&gt;&lt;a href=\"/deputes/PA607603\"&gt;M. X&lt;/a&gt;&lt;/body&gt;&lt;/html&gt;";
        let outer = format!(
            "<!DOCTYPE html><html><body><p class=p1><span>{inner}</span></p></body></html>"
        );
        let t = html_to_text(&outer);
        assert_eq!(t.text, "Question N° 3200\nM. X");
        assert_eq!(t.author_id.as_deref(), Some("PA607603"));
    }

    #[test]
    fn ids_are_hints_only_when_unique() {
        let t = html_to_text(
            "<html><body><div data-id=\"QANR5L16QOSD350 / Bloc\"><a data-document-id=\"PA1\">a</a><a href=\"/dyn/deputes/PA2\">b</a></div></body></html>",
        );
        assert_eq!(t.author_id, None);
        assert_eq!(
            t.question_id.map(|q| q.uid()),
            Some("QANR5L16QOSD350".to_owned())
        );
    }

    #[test]
    fn fragments_keep_paragraphs() {
        assert_eq!(
            fragment_to_text(
                "</p><p align=\"CENTER\"> TITRE </p><br><strong>M. X. </strong>Texte&nbsp;ici.<br><br>Suite"
            ),
            "TITRE\nM. X. Texte ici.\nSuite"
        );
        assert_eq!(fragment_to_text("plain  text"), "plain text");
    }

    #[test]
    fn damaged_links_are_repaired() {
        let damaged = "Auteur :\nhttps://www.assemblee-nationale.fr/dyn/deputes/PA722252\n\">Mme Marie-Pierre Rixain (Ile-de-France - Renaissance)\nde https://x/OMC_PA1\" title=\"Fiche\">M. X (G - D)\nUn texte \"> ordinaire\nAuteur : https://x/PA2\">Mme Y\n";
        assert_eq!(
            repair_link_damage(damaged),
            "Auteur :\nMme Marie-Pierre Rixain (Ile-de-France - Renaissance)\nde M. X (G - D)\nUn texte \"> ordinaire\nAuteur : Mme Y\n"
        );
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html PUBLIC"));
        assert!(looks_like_html("<html><body>"));
        assert!(!looks_like_html("16ème législature\nQuestion N° : 1"));
    }
}
