//! Bounding text that a frame echoes back (actions, enum values, field names, descriptions).

use std::borrow::Cow;

/// `s` cut to at most `max` characters on a character boundary, with `…` (counted in `max`) when
/// cut.
pub(crate) fn clip(s: &str, max: usize) -> Cow<'_, str> {
    if crate::constraint::max_len(s, max) {
        return Cow::Borrowed(s);
    }
    let keep = max.saturating_sub(1);
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let mut out = String::with_capacity(end + 3);
    out.push_str(s.get(..end).unwrap_or_default());
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_on_a_char_boundary() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip(&"ü".repeat(300), 255).chars().count(), 255);
        assert_eq!(clip("ééé", 2), "é…");
        assert_eq!(clip("abc", 0), "…");
    }
}
