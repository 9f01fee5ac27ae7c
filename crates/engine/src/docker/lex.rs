//! Words of an instruction's arguments, as the Dockerfile's own shell-like lexer splits them:
//! whitespace separates words, single and double quotes group (and are removed), the escape
//! character takes the next character literally, and variables are replaced where the
//! reference says the builder replaces them
//! (https://docs.docker.com/reference/dockerfile/#environment-replacement): `$name`,
//! `${name}`, `${name:-word}`, `${name-word}`, `${name:+word}`, `${name+word}`; no replacement
//! inside single quotes; `\$` keeps a dollar sign. The pattern forms (`${name#p}`, `%`, `/`)
//! keep the value unchanged (a simplification).

/// One word: its text (quotes removed, variables replaced when an environment is given), the
/// character offset where it starts in the text it was cut from, and the variables it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub vars: Vec<String>,
}

/// The variables a word may read (a stage's ARG and ENV values so far).
pub trait Env {
    fn get(&self, name: &str) -> Option<String>;
}

impl Env for std::collections::BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        std::collections::BTreeMap::get(self, name).cloned()
    }
}

/// No variables: words keep `$name` as written.
pub struct Raw;

impl Env for Raw {
    fn get(&self, _: &str) -> Option<String> {
        None
    }
}

/// Splits `text` into words. With `expand` false, `$` forms are kept as written (but the names
/// are still collected).
pub fn words(text: &str, escape: char, env: &dyn Env, expand: bool) -> Vec<Word> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        let mut word = String::new();
        let mut vars = Vec::new();
        let mut quote: Option<char> = None;
        while i < chars.len() {
            let c = chars[i];
            match quote {
                None if c.is_whitespace() => break,
                None if c == '\'' || c == '"' => {
                    quote = Some(c);
                    i += 1;
                }
                Some(q) if c == q => {
                    quote = None;
                    i += 1;
                }
                Some('\'') => {
                    word.push(c);
                    i += 1;
                }
                _ if c == escape => {
                    if let Some(&next) = chars.get(i + 1) {
                        // Inside double quotes the escape only takes quotes, `$` and itself.
                        if quote.is_some() && next != '"' && next != '$' && next != escape {
                            word.push(c);
                        }
                        word.push(next);
                        i += 2;
                    } else {
                        word.push(c);
                        i += 1;
                    }
                }
                _ if c == '$' => {
                    i = variable(&chars, i, escape, env, expand, &mut word, &mut vars);
                }
                _ => {
                    word.push(c);
                    i += 1;
                }
            }
        }
        out.push(Word {
            text: word,
            start,
            vars,
        });
    }
    out
}

/// Replaces the text as one word (quotes removed), for values such as a FROM's image.
pub fn expand(text: &str, escape: char, env: &dyn Env) -> (String, Vec<String>) {
    let mut text_out = String::new();
    let mut vars = Vec::new();
    for (n, w) in words(text, escape, env, true).into_iter().enumerate() {
        if n > 0 {
            text_out.push(' ');
        }
        text_out.push_str(&w.text);
        vars.extend(w.vars);
    }
    (text_out, vars)
}

/// Reads one `$` form at `chars[i]`, pushes its value (or itself) to `word`; returns the index
/// after it.
fn variable(
    chars: &[char],
    i: usize,
    escape: char,
    env: &dyn Env,
    expand: bool,
    word: &mut String,
    vars: &mut Vec<String>,
) -> usize {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match chars.get(i + 1) {
        Some('{') => {
            // Find the closing brace (a nested `${…}` in the word part counted).
            let mut depth = 0usize;
            let mut j = i + 2;
            let mut close = None;
            while j < chars.len() {
                match chars[j] {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        close = Some(j);
                        break;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            let Some(close) = close else {
                word.extend(&chars[i..]);
                return chars.len();
            };
            let inner: String = chars[i + 2..close].iter().collect();
            let name_len = inner.chars().take_while(|c| name_char(*c)).count();
            let name: String = inner.chars().take(name_len).collect();
            let rest: String = inner.chars().skip(name_len).collect();
            if !name.is_empty() {
                vars.push(name.clone());
            }
            if !expand || name.is_empty() {
                word.extend(&chars[i..=close]);
                return close + 1;
            }
            let value = env.get(&name);
            let sub = |w: &str, vars: &mut Vec<String>| {
                let (t, v) = expand_word(w, escape, env);
                vars.extend(v);
                t
            };
            let text = if let Some(w) = rest.strip_prefix(":-") {
                match value {
                    Some(v) if !v.is_empty() => v,
                    _ => sub(w, vars),
                }
            } else if let Some(w) = rest.strip_prefix(":+") {
                match value {
                    Some(v) if !v.is_empty() => sub(w, vars),
                    _ => String::new(),
                }
            } else if let Some(w) = rest.strip_prefix('-') {
                value.unwrap_or_else(|| sub(w, vars))
            } else if let Some(w) = rest.strip_prefix('+') {
                value.map(|_| sub(w, vars)).unwrap_or_default()
            } else {
                value.unwrap_or_default()
            };
            word.push_str(&text);
            close + 1
        }
        Some(c) if name_char(*c) && !c.is_ascii_digit() => {
            let mut j = i + 1;
            while j < chars.len() && name_char(chars[j]) {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            vars.push(name.clone());
            if expand {
                word.push_str(&env.get(&name).unwrap_or_default());
            } else {
                word.extend(&chars[i..j]);
            }
            j
        }
        _ => {
            word.push('$');
            i + 1
        }
    }
}

/// The word part of `${name:-word}`, itself replaced.
fn expand_word(text: &str, escape: char, env: &dyn Env) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut vars = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '$' {
            i = variable(&chars, i, escape, env, true, &mut out, &mut vars);
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (out, vars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn env() -> BTreeMap<String, String> {
        [("A", "1"), ("EMPTY", "")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn texts(s: &str) -> Vec<String> {
        words(s, '\\', &env(), true)
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn splits_on_whitespace_and_groups_quotes() {
        assert_eq!(texts(r#"a "b c" 'd e'f"#), ["a", "b c", "d ef"]);
        assert_eq!(texts(r"a\ b"), ["a b"]);
    }

    #[test]
    fn replaces_variables_as_the_reference_lists() {
        assert_eq!(
            texts("$A ${A} ${B:-x} ${A:+y} ${B:+y}"),
            ["1", "1", "x", "y", ""]
        );
        assert_eq!(texts("${EMPTY:-d} ${EMPTY-d}"), ["d", ""]);
        assert_eq!(texts(r"'$A' \$A"), ["$A", "$A"]);
        assert_eq!(texts("${B:-${A}}"), ["1"]);
    }

    #[test]
    fn collects_names_without_expanding() {
        let w = words("$A/${B:-c}", '\\', &Raw, false);
        assert_eq!(w[0].text, "$A/${B:-c}");
        assert_eq!(w[0].vars, ["A", "B"]);
    }
}
