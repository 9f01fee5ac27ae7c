//! A YAML or JSON document as a tree of nodes that keep their line, column and YAML tag,
//! and the shape every validator's findings take (a rule with a stable id and a severity).
//! Shared by the CloudFormation templates and the CI/CD files (buildspec, appspec,
//! pipeline definitions).

mod node;

pub use node::{parse, parse_documents, Format, Key, Node, Pos, SyntaxError, Value, MAX_DEPTH};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    ($($rule:ident = $id:literal $severity:ident, $doc:literal;)*) => {
        /// A validation rule. Its id (`Rule::id`) is stable: tools and tests may rely on it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $doc] $rule,)*
        }

        impl Rule {
            /// Every rule.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule,)*];

            /// The stable id, such as `ref-undefined`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$rule => $id,)* }
            }

            /// How serious a finding of this rule is.
            pub fn severity(self) -> $crate::tree::Severity {
                match self { $(Rule::$rule => $crate::tree::Severity::$severity,)* }
            }
        }
    };
}

pub(crate) use rules;
