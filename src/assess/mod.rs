//! Assessment of units against the rules.
