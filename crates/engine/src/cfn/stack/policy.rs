//! Stack policies: which update actions a stack update may take on which resources.
//!
//! Once a stack has a policy, every resource is protected unless a statement allows the
//! action, and an explicit `Deny` wins over any `Allow` (AWS's documented evaluation).
//! Supported: `Effect`, `Action` / `NotAction` (`Update:Modify`, `Update:Replace`,
//! `Update:Delete`, `Update:*`), `Resource` / `NotResource` (`LogicalResourceId/<id>`, with `*`
//! wildcards), and `Condition` on `ResourceType` (`StringEquals`, `StringLike`).

use serde_json::Value as Json;

/// An update action a stack policy governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateAction {
    Modify,
    Replace,
    Delete,
}

impl UpdateAction {
    /// As a policy writes it (`Update:Modify`).
    pub fn name(self) -> &'static str {
        match self {
            UpdateAction::Modify => "Update:Modify",
            UpdateAction::Replace => "Update:Replace",
            UpdateAction::Delete => "Update:Delete",
        }
    }
}

/// Why a policy text cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// Not JSON (serde_json's message).
    Json(String),
    /// No `Statement` list.
    NoStatement,
    /// A statement without `Effect` `Allow` or `Deny`.
    Effect { statement: usize },
}

#[derive(Clone, Debug, PartialEq)]
struct Statement {
    allow: bool,
    actions: Vec<String>,
    not_actions: bool,
    resources: Vec<String>,
    not_resources: bool,
    types: Option<Vec<String>>,
}

/// A parsed stack policy.
#[derive(Clone, Debug, PartialEq)]
pub struct StackPolicy {
    statements: Vec<Statement>,
}

fn strings(v: Option<&Json>) -> Vec<String> {
    match v {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `text` matches a pattern with `*` (any run) and `?` (one character).
fn like(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

impl StackPolicy {
    /// Reads a policy's JSON text.
    pub fn parse(text: &str) -> Result<StackPolicy, PolicyError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| PolicyError::Json(e.to_string()))?;
        let list = match json.get("Statement") {
            Some(Json::Array(items)) => items.clone(),
            Some(one @ Json::Object(_)) => vec![one.clone()],
            _ => return Err(PolicyError::NoStatement),
        };
        let mut statements = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let allow = match s.get("Effect").and_then(Json::as_str) {
                Some("Allow") => true,
                Some("Deny") => false,
                _ => return Err(PolicyError::Effect { statement: i }),
            };
            let not_actions = s.get("NotAction").is_some();
            let not_resources = s.get("NotResource").is_some();
            let types = s.get("Condition").map(|c| {
                let mut out = Vec::new();
                for op in ["StringEquals", "StringLike"] {
                    out.extend(strings(c.get(op).and_then(|o| o.get("ResourceType"))));
                }
                out
            });
            statements.push(Statement {
                allow,
                actions: strings(s.get(if not_actions { "NotAction" } else { "Action" })),
                not_actions,
                resources: strings(s.get(if not_resources {
                    "NotResource"
                } else {
                    "Resource"
                })),
                not_resources,
                types,
            });
        }
        Ok(StackPolicy { statements })
    }

    /// Whether the policy allows `action` on a resource (by logical ID and type).
    pub fn allows(&self, action: UpdateAction, logical_id: &str, resource_type: &str) -> bool {
        let resource = format!("LogicalResourceId/{logical_id}");
        let mut allowed = false;
        for s in &self.statements {
            let action_hit = s.actions.iter().any(|a| like(a, action.name()));
            let resource_hit = s.resources.iter().any(|r| like(r, &resource));
            let type_hit = s
                .types
                .as_ref()
                .is_none_or(|ts| ts.iter().any(|t| like(t, resource_type)));
            if action_hit != s.not_actions && resource_hit != s.not_resources && type_hit {
                if !s.allow {
                    return false;
                }
                allowed = true;
            }
        }
        allowed
    }
}
