//! The little XML reading inspection needs: element text and attributes, by name.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One element: its attributes and its direct text, and its children in order.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// Every element below this one (depth first) with this name.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name.eq_ignore_ascii_case(name) {
                out.push(c);
            }
            c.descendants(name, out);
        }
    }
}

const MAX_DEPTH: usize = 200;
/// Elements one document may have: each costs about 130 bytes in the tree, so 15 M
/// `<a/>` (a 58 KB zip) built 1.9 GB before this cap (F15).
pub const MAX_ELEMENTS: usize = 1_000_000;

/// Parse a whole document into a tree; the root element is returned.
pub fn parse(bytes: &[u8]) -> Result<Element, String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut elements = 0usize;
    loop {
        let event = reader.read_event();
        if let Ok(Event::Start(_) | Event::Empty(_)) = event {
            elements += 1;
            if elements > MAX_ELEMENTS {
                return Err(format!(
                    "more than {MAX_ELEMENTS} elements; refused (it would take too much memory)"
                ));
            }
        }
        match event {
            Ok(Event::Start(start)) => {
                if stack.len() > MAX_DEPTH {
                    return Err("elements nested too deeply".into());
                }
                stack.push(element_of(&start));
            }
            Ok(Event::Empty(start)) => {
                let el = element_of(&start);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(top) = stack.last_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => top.text.push(c),
                        _ => top.text.push_str(match &*r.xml10_content() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        }),
                    }
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::End(_)) => {
                if stack.len() > 1 {
                    let done = stack.pop().unwrap_or_default();
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(done);
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        }
    }
    let root = stack.into_iter().next().unwrap_or_default();
    root.children
        .into_iter()
        .next()
        .ok_or_else(|| "no root element".to_string())
}

fn element_of(start: &quick_xml::events::BytesStart<'_>) -> Element {
    let name = start.local_name().as_ref().to_string();
    let attributes = start
        .attributes()
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Element {
        name,
        attributes,
        ..Element::default()
    }
}
