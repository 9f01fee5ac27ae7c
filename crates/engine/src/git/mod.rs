//! Git history as CodeCommit holds it: commits, branches, merges, GitFlow and trunk-based work.
