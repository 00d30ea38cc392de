//! Printing cotejo's HTML to PDF through a headless Chromium found on the machine.
//!
//! The page's own paged CSS (`@page` size, margins, running heads, page
//! numbers) decides the layout; Chromium is asked for no header or footer of
//! its own, and for the document outline (the PDF's bookmarks, from the
//! headings). A contents list gets its page numbers in a second pass
//! ([`contents`]). Chromium does not print alike every time: a document is
//! printed until two prints agree ([`stable`]). Chromium writes into a
//! private temporary folder; the caller puts the PDF in place
//! ([`crate::output::write_file`]) or on standard output.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

pub mod contents;
pub mod dates;
pub mod stable;

/// The programs looked for on `PATH`, in order, when none is named.
pub const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long Chromium may take to print one document.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// The Chromium to use: `explicit` (`--chromium PATH`), else the `CHROMIUM`
/// environment variable, else the first of [`CANDIDATES`] on `PATH`. `html` is
/// only for the error message, which says where the HTML is.
pub fn find_chromium(explicit: Option<&Path>, html: &Path) -> Result<PathBuf> {
    let not_found = |looked: String| Error::NoChromium {
        looked,
        html: html.to_owned(),
    };
    if let Some(path) = explicit {
        return resolve(path).ok_or_else(|| {
            not_found(format!(
                "`{}` (from --chromium) is not an executable program",
                path.display()
            ))
        });
    }
    if let Some(env) = std::env::var_os("CHROMIUM").filter(|v| !v.is_empty()) {
        let path = Path::new(&env);
        return resolve(path).ok_or_else(|| {
            not_found(format!(
                "`{}` (from the CHROMIUM environment variable) is not an executable program",
                path.display()
            ))
        });
    }
    CANDIDATES
        .iter()
        .find_map(|name| on_path(name))
        .ok_or_else(|| {
            not_found(format!(
                "none of {} is on PATH, and neither --chromium nor CHROMIUM names one",
                CANDIDATES.join(", ")
            ))
        })
}

/// A program named by path (with a `/`) or by name (looked up on `PATH`).
fn resolve(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 || program.is_absolute() {
        is_executable(program).then(|| program.to_owned())
    } else {
        on_path(&program.to_string_lossy())
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Prints `html` to PDF with `chromium`, its contents' page numbers filled
/// in ([`contents`]), and returns the PDF's bytes.
pub fn print_to_pdf(chromium: &Path, html: &Path) -> Result<Vec<u8>> {
    crate::verbosity::detail(|| {
        format!(
            "printing {} to PDF with {}",
            html.display(),
            chromium.display()
        )
    });
    let work = tempfile::Builder::new()
        .prefix("cotejo-pages-")
        .tempdir()
        .map_err(|e| Error::Chromium {
            chromium: chromium.to_owned(),
            html: html.to_owned(),
            message: format!("cannot make a temporary folder: {e}"),
        })?;
    // The same HTML gives the same PDF: the document's date, not the print's.
    let date = std::fs::read_to_string(html)
        .ok()
        .and_then(|text| dates::document_date(&text))
        .or_else(dates::source_date_epoch);
    // The contents' page numbers are found once; what is printed again is
    // the file that gave the first PDF (the copy with the numbers, if any).
    let (first, printed) =
        contents::print_numbered(html, work.path(), &|file| print_once(chromium, html, file))?;
    let mut first = Some(first);
    let mut print = || {
        let mut pdf = match first.take() {
            Some(pdf) => pdf,
            None => print_once(chromium, html, &printed)?,
        };
        stable::renumber_node_ids(&mut pdf);
        if let Some(date) = &date {
            dates::set_dates(&mut pdf, date);
        }
        Ok(pdf)
    };
    // Prints compared without their dates, which are the print's moment
    // where the HTML gives none.
    let comparable = |pdf: &[u8]| {
        let mut pdf = pdf.to_vec();
        dates::set_dates(&mut pdf, "19700101");
        pdf
    };
    stable::agreed(&mut print, &comparable)
}

/// Prints `file` to PDF with `chromium` once (`html` is the file the user
/// named, for messages).
fn print_once(chromium: &Path, html: &Path, file: &Path) -> Result<Vec<u8>> {
    let failed = |message: String| Error::Chromium {
        chromium: chromium.to_owned(),
        html: html.to_owned(),
        message,
    };
    let html_abs = std::path::absolute(file).map_err(|source| Error::Read {
        path: html.to_owned(),
        source,
    })?;
    if !html_abs.is_file() {
        return Err(Error::Read {
            path: html.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let work = tempfile::Builder::new()
        .prefix("cotejo-chromium-")
        .tempdir()
        .map_err(|e| failed(format!("cannot make a temporary folder: {e}")))?;
    let profile = work.path().join("profile");
    let out = work.path().join("out.pdf");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--mute-audio",
            "--no-pdf-header-footer",
            // Bookmarks: the headings, as Chromium outlines them.
            "--generate-pdf-document-outline",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(&html_abs))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start it: {e}")))?;
    // Read stderr on a thread, so a chatty Chromium never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut bytes = Vec::new();
        if stderr.read_to_end(&mut bytes).is_ok() {
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "it did not finish within {} seconds and was stopped",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("cannot wait for it: {e}"))),
        }
    };
    let log = reader.join().unwrap_or_default();
    let bytes = std::fs::read(&out).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF-") {
        let why = if status.success() {
            "it exited without writing a PDF".to_owned()
        } else {
            format!("it exited with {status}")
        };
        let detail = summarize_stderr(&log);
        return Err(failed(if detail.is_empty() {
            why
        } else {
            format!("{why}:\n{detail}")
        }));
    }
    Ok(bytes)
}

/// The lines of Chromium's stderr worth showing: without the noise every
/// headless run prints (no D-Bus, no GPU), at most a few of them.
pub fn summarize_stderr(stderr: &str) -> String {
    const NOISE: &[&str] = &[
        "dbus",
        "Fontconfig",
        "gpu_init",
        "viz_main",
        "bytes written to file",
        "unexpected operator",
        "sandbox",
        "Failed to connect to the bus",
    ];
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !NOISE.iter().any(|n| l.contains(n)))
        .collect();
    let mut shown: Vec<String> = lines
        .iter()
        .take(8)
        .map(|l| {
            let l: String = l.chars().take(300).collect();
            format!("  {l}")
        })
        .collect();
    if lines.len() > shown.len() {
        shown.push(format!("  … ({} more lines)", lines.len() - shown.len()));
    }
    shown.join("\n")
}

/// `file://` URL of an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// The PDF beside an HTML file: same name, `.pdf` (never the HTML itself).
pub fn beside(html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    if pdf == html {
        let mut name = html.as_os_str().to_owned();
        name.push(".pdf");
        return PathBuf::from(name);
    }
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1%.html")),
            "file:///tmp/a%20b/%231%25.html"
        );
        assert_eq!(
            file_url(Path::new("/tmp/informe-ñ.html")),
            "file:///tmp/informe-%C3%B1.html"
        );
    }

    #[test]
    fn stderr_noise_is_dropped() {
        let log = "/usr/bin/chromium: 9: [: 1: unexpected operator\n\
                   [1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n\
                   [1:2:ERROR:headless] Cannot open file:///x.html\n";
        assert_eq!(
            summarize_stderr(log),
            "  [1:2:ERROR:headless] Cannot open file:///x.html"
        );
    }

    #[test]
    fn a_missing_chromium_is_reported_with_the_html() {
        let err = find_chromium(
            Some(Path::new("/nonexistent/chromium")),
            Path::new("out.html"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("apt-get install chromium"), "{err}");
        assert!(err.contains("out.html"), "{err}");
        assert!(
            err.contains("/nonexistent/chromium` (from --chromium)"),
            "{err}"
        );
    }

    #[test]
    fn the_pdf_goes_beside_the_html() {
        assert_eq!(
            beside(Path::new("a/informe.html")),
            Path::new("a/informe.pdf")
        );
        assert_eq!(beside(Path::new("informe")), Path::new("informe.pdf"));
        assert_eq!(beside(Path::new("x.pdf")), Path::new("x.pdf.pdf"));
    }
}
