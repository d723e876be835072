//! The json reader on arbitrary bytes; and a dump's questions read where they are found or
//! cut out and read later (as for large dumps) give the same events.
#![no_main]

mod common;

use qe2rdf::parse::DocumentContext;
use qe2rdf::parse::json::{self, JsonEvent};

/// An event as text, without the wording of a syntax error (the JSON parser words the same
/// error differently when it reads a tree and when it cuts out a value), except the
/// nesting limit.
fn shown(event: &JsonEvent) -> String {
    let text = format!("{event:?}");
    if text.contains("recursion limit exceeded") {
        return text;
    }
    match text.split_once("Syntax { message: ") {
        Some((before, after)) => {
            let rest = after.split_once("\" }").map_or("", |(_, rest)| rest);
            format!("{before}Syntax {{{rest}")
        }
        None => text,
    }
}

/// The events of a document as text, questions read in place or cut out then read.
fn events(data: &[u8], defer: bool) -> Vec<String> {
    let ctx = DocumentContext {
        file: "fuzz".into(),
        member: None,

        ..Default::default()    };
    let mut out = Vec::new();
    let mut sink = |e| match e {
        JsonEvent::Deferred(q) => out.extend(q.read().iter().map(shown)),
        e => out.push(shown(&e)),
    };
    if defer {
        json::read_json_deferred_from(data, &ctx, &mut sink);
    } else {
        json::read_json_from(data, &ctx, &mut sink);
    }
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(qe2rdf::parse::DocumentKind::Json, data);
    let direct = events(data, false);
    let deferred = events(data, true);
    // A question nested too deeply ends the document when read in place, and only that
    // question when cut out: the events agree up to there. A syntax error ends the
    // document either way, but checking a value's syntax while cutting it out may stop at
    // another fault of the same question (a missing `:` before invalid UTF-8 in a string).
    let is_syntax = |e: &String| e.starts_with("Error(ParseError { kind: Syntax");
    let ends_early = direct
        .last()
        .is_some_and(|e| e.contains("recursion limit exceeded"));
    if ends_early {
        let n = direct.len() - 1;
        assert_eq!(deferred.get(..n), Some(&direct[..n]));
    } else if direct.last().is_some_and(is_syntax) {
        let n = direct.len() - 1;
        assert_eq!(deferred.len(), direct.len());
        assert_eq!(deferred[..n], direct[..n]);
        assert!(deferred.last().is_some_and(is_syntax), "{deferred:?}");
    } else {
        assert_eq!(deferred, direct);
    }
});
