"""Rules of law for personnel decisions, as pure functions (no Django): each cites its source."""
