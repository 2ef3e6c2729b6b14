//! Where the text of a raw-text element ends, found the way the HTML
//! tokenizer finds it.
//!
//! When the tree builder switches the tokenizer to a raw-text state (after
//! a `<script>`, `<style>`, `<title>`…), [`super::tokenizer`] finds where the
//! element's text ends here, then hands the text on whole, or skips it
//! unread when nothing reads it. The tree is right only if the end found
//! here is exactly where the spec's states end it, so these functions follow
//! them character for character: the script data states, escapes and double
//! escapes included, and the RAWTEXT/RCDATA end tag states.
//!
//! Only ASCII characters change state, so the text is walked as bytes. A
//! carriage return counts as the line feed the tokenizer's input
//! preprocessing makes of it.

/// Whitespace that ends a tag name (`\r` is a `\n` to the tokenizer).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Whether an end tag naming `name` starts at `at` (just past `</`): ASCII
/// letters that spell `name` in any case, then whitespace, `/` or `>`. A
/// name cut off by the end of the text is not one (the tokenizer emits it as
/// text).
fn appropriate_end_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    let letters = b.get(at..).map_or(0, |r| {
        r.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    });
    let end = at + letters;
    letters > 0
        && b[at..end].eq_ignore_ascii_case(name)
        && b.get(end)
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// The end of a run of ASCII letters from `at`.
fn letters_end(b: &[u8], at: usize) -> usize {
    at + b.get(at..).map_or(0, |r| {
        r.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    })
}

/// Where the end tag of a RAWTEXT or RCDATA element named `name` (ASCII
/// lower case) starts in `b`, the text just after its start tag; `None` if
/// the text runs to the end of the input.
///
/// Character references in RCDATA never consume a `<`, so both kinds end
/// at the first appropriate end tag.
pub fn rawtext_end(b: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'<', b.get(from..)?) {
        let lt = from + p;
        if b.get(lt + 1) == Some(&b'/') && appropriate_end_tag(b, lt + 2, name) {
            return Some(lt);
        }
        from = lt + 1;
    }
    None
}

/// The script data states (spec 13.2.5.4 onwards) that keep text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Data,
    Escaped,
    EscapedDash,
    EscapedDashDash,
    Double,
    DoubleDash,
    DoubleDashDash,
}

/// Where the `</script>` end tag of a script starts in `b`, the text just
/// after its start tag; `None` if the script runs to the end of the input.
///
/// In script data `<!--` starts an escaped run in which `<script` starts a
/// double-escaped one, where `</script>` only returns to the escaped run;
/// `-->` ends either.
pub fn script_end(b: &[u8]) -> Option<usize> {
    let mut state = Script::Data;
    let mut i = 0;
    loop {
        // `i` is the next character to consume in `state`.
        match state {
            Script::Data => {
                let lt = i + memchr::memchr(b'<', b.get(i..)?)?;
                match b.get(lt + 1) {
                    // End tag open: an appropriate end tag ends the script;
                    // anything else is text, reconsumed in script data.
                    Some(b'/') => {
                        if appropriate_end_tag(b, lt + 2, b"script") {
                            return Some(lt);
                        }
                        i = lt + 2;
                    }
                    // Escape start: `<!--` enters the escaped dash dash
                    // state; short of that, reconsume in script data.
                    Some(b'!') => {
                        if b.get(lt + 2..lt + 4) == Some(b"--") {
                            state = Script::EscapedDashDash;
                            i = lt + 4;
                        } else {
                            i = lt + 2;
                        }
                    }
                    _ => i = lt + 1,
                }
            }
            Script::Escaped | Script::Double => {
                let at = i + memchr::memchr2(b'<', b'-', b.get(i..)?)?;
                let double = state == Script::Double;
                if b[at] == b'-' {
                    state = if double {
                        Script::DoubleDash
                    } else {
                        Script::EscapedDash
                    };
                    i = at + 1;
                } else {
                    match less_than(b, at, double)? {
                        Step::End => return Some(at),
                        Step::To(next, at) => (state, i) = (next, at),
                    }
                }
            }
            Script::EscapedDash
            | Script::EscapedDashDash
            | Script::DoubleDash
            | Script::DoubleDashDash => {
                let double = matches!(state, Script::DoubleDash | Script::DoubleDashDash);
                let dash_dash = matches!(state, Script::EscapedDashDash | Script::DoubleDashDash);
                match *b.get(i)? {
                    b'-' => {
                        state = if double {
                            Script::DoubleDashDash
                        } else {
                            Script::EscapedDashDash
                        };
                        i += 1;
                    }
                    b'<' => match less_than(b, i, double)? {
                        Step::End => return Some(i),
                        Step::To(next, at) => (state, i) = (next, at),
                    },
                    b'>' if dash_dash => {
                        state = Script::Data;
                        i += 1;
                    }
                    _ => {
                        state = if double {
                            Script::Double
                        } else {
                            Script::Escaped
                        };
                        i += 1;
                    }
                }
            }
        }
    }
}

/// What follows a `<` in an escaped run.
enum Step {
    /// The script's end tag starts at the `<`.
    End,
    /// Go on in this state from this character.
    To(Script, usize),
}

/// The escaped (or double-escaped) less-than sign state and the states it
/// leads to, from the `<` at `lt`; `None` when the text ends first.
fn less_than(b: &[u8], lt: usize, double: bool) -> Option<Step> {
    let next = *b.get(lt + 1)?;
    let ends_name = |c: u8| is_space(c) || c == b'/' || c == b'>';
    if double {
        // Double-escaped less-than sign: `/` starts the double escape end
        // state, which reads letters; `script` then whitespace, `/` or `>`
        // returns to the escaped run.
        if next != b'/' {
            return Some(Step::To(Script::Double, lt + 1));
        }
        let end = letters_end(b, lt + 2);
        let c = *b.get(end)?;
        if !ends_name(c) {
            return Some(Step::To(Script::Double, end));
        }
        let script = b[lt + 2..end].eq_ignore_ascii_case(b"script");
        let state = if script {
            Script::Escaped
        } else {
            Script::Double
        };
        return Some(Step::To(state, end + 1));
    }
    if next == b'/' {
        // Escaped end tag open: an appropriate end tag ends the script.
        if appropriate_end_tag(b, lt + 2, b"script") {
            return Some(Step::End);
        }
        return Some(Step::To(Script::Escaped, lt + 2));
    }
    if !next.is_ascii_alphabetic() {
        return Some(Step::To(Script::Escaped, lt + 1));
    }
    // Double escape start: letters, then whitespace, `/` or `>`; if the
    // letters spell `script` the run is double-escaped.
    let end = letters_end(b, lt + 1);
    let c = *b.get(end)?;
    if !ends_name(c) {
        return Some(Step::To(Script::Escaped, end));
    }
    let script = b[lt + 1..end].eq_ignore_ascii_case(b"script");
    let state = if script {
        Script::Double
    } else {
        Script::Escaped
    };
    Some(Step::To(state, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(s: &str) -> Option<usize> {
        script_end(s.as_bytes())
    }

    #[test]
    fn script_ends_at_its_end_tag_in_any_case_and_spacing() {
        assert_eq!(end("a<b</script>"), Some(3));
        assert_eq!(end("x</SCRIPT >"), Some(1));
        assert_eq!(end("x</script\t>"), Some(1));
        assert_eq!(end("x</script\r\n>"), Some(1));
        assert_eq!(end("x</script/>"), Some(1));
        assert_eq!(end("x</script foo=bar>"), Some(1));
        // Not end tags: another name, a name cut off, no name.
        assert_eq!(end("</scripts></script>"), Some(10));
        assert_eq!(end("</ script></script>"), Some(10));
        assert_eq!(end("x</script"), None);
        assert_eq!(end("x</scr"), None);
        assert_eq!(end("if (a</b) {}"), None);
        assert_eq!(end(""), None);
    }

    #[test]
    fn escaped_script_text_hides_its_end_tag() {
        // `<!--<script>` hides the first `</script>`; `-->` ends the escape.
        let s = "a<!--<script>x</script>y-->z</script>after";
        assert_eq!(end(s), Some(28));
        // Escaped without `<script`: `</script>` still ends it.
        assert_eq!(end("<!-- x </script> -->"), Some(7));
        // In the double-escaped run only `-->` leads back to script data.
        assert_eq!(end("<!--<script></script>--></script>"), Some(24));
        assert_eq!(end("<!--<script>--></script>"), Some(15));
        // `<scripts` does not double-escape.
        assert_eq!(end("<!--<scripts></script>"), Some(13));
        // Unterminated escapes run to the end.
        assert_eq!(end("<!--<script></script>"), None);
        assert_eq!(end("<!--<script>"), None);
    }

    #[test]
    fn abrupt_escape_closings_return_to_script_data() {
        // `<!-->` and `<!--->`: the dash-dash state's `>` leaves the escape.
        assert_eq!(end("<!--><script></script>x</script>"), Some(13));
        assert_eq!(end("<!---><script></script>"), Some(14));
        // `<!-` is not an escape.
        assert_eq!(end("<!-<script></script>"), Some(11));
        // A single dash then `>` stays escaped.
        assert_eq!(end("<!--<script>-></script>--></script>"), Some(26));
    }

    #[test]
    fn rawtext_ends_at_the_first_end_tag_of_its_name() {
        let style = |s: &str| rawtext_end(s.as_bytes(), b"style");
        assert_eq!(style("a{b:c}</style>"), Some(6));
        assert_eq!(style("<!--</style>-->"), Some(4));
        assert_eq!(style("</styles></STYLE\n>"), Some(9));
        assert_eq!(style("</style"), None);
        assert_eq!(style("a < b"), None);
        assert_eq!(rawtext_end(b"x</textarea>", b"textarea"), Some(1));
    }
}
