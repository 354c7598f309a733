//! Legal rules as data (filled by the rules module).
