//! The PDF's own dates, made the document's.
//!
//! Chromium writes the moment it printed as the PDF's `/CreationDate` and
//! `/ModDate`, so two prints of one HTML differ in those bytes alone, and
//! "the same inputs give the same bytes" fails for every PDF. The HTML cotejo
//! prints names the date of the text it shows (`<meta name="dcterms.date"
//! content="YYYY-MM-DD">`: the newest version's); that date, at midnight UTC,
//! replaces the print's moment in place, the same number of bytes, so no
//! offset of the file moves. An HTML without it (one cotejo did not write)
//! keeps Chromium's dates, unless `SOURCE_DATE_EPOCH` gives one, as
//! reproducible builds do.

/// The `dcterms.date` of `html`, as `YYYYMMDD`, when it has a valid one.
pub fn document_date(html: &str) -> Option<String> {
    const MARK: &str = "<meta name=\"dcterms.date\" content=\"";
    let start = html.find(MARK)? + MARK.len();
    let value = html.get(start..start + 10)?;
    let bytes = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10))
        .then(|| value.replace('-', ""))
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970) as `YYYYMMDD`, when set and valid.
pub fn source_date_epoch() -> Option<String> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    (0..=9999)
        .contains(&y)
        .then(|| format!("{y:04}{m:02}{d:02}"))
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `pdf` with every `/CreationDate (D:…)` and `/ModDate (D:…)` written as
/// `ymd` (`YYYYMMDD`) at midnight UTC, where the value has exactly the form
/// Chromium writes (`D:YYYYMMDDHHmmSS+00'00'`); any other is left as it is.
pub fn set_dates(pdf: &mut [u8], ymd: &str) {
    let value = format!("D:{ymd}000000+00'00'");
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key) {
            let start = from + at + key.len();
            let end = start + value.len();
            if end < pdf.len() && pdf[end] == b')' && pdf[start..start + 2] == *b"D:" {
                pdf[start..end].copy_from_slice(value.as_bytes());
            }
            from = start;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_date_replaces_the_prints_moment_in_place() {
        let mut pdf = b"<</Creator (x) /CreationDate (D:20261205222757+00'00')\n\
                        /ModDate (D:20261205222757+00'00')>>"
            .to_vec();
        let len = pdf.len();
        set_dates(&mut pdf, "20231009");
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert_eq!(
            text.matches("(D:20231009000000+00'00')").count(),
            2,
            "{text}"
        );
        // Another form is left alone: nothing to replace in place.
        let mut other = b"/ModDate (D:2026)".to_vec();
        set_dates(&mut other, "20231009");
        assert_eq!(other, b"/ModDate (D:2026)");
    }

    #[test]
    fn the_date_is_read_from_the_html_meta() {
        let html = "<head><meta name=\"dcterms.date\" content=\"2023-10-09\"></head>";
        assert_eq!(document_date(html).as_deref(), Some("20231009"));
        assert_eq!(document_date("<head></head>"), None);
        let bad = "<meta name=\"dcterms.date\" content=\"9 oct 2023\">";
        assert_eq!(document_date(bad), None);
    }

    #[test]
    fn days_from_the_epoch_are_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_639), (2023, 10, 9));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
