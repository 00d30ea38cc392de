//! The redline of two bodies (split at 0xFF): merged, each side alone, and as
//! excerpts, the HTML is inert (no script, no event handler, no dangerous
//! URL, only the writer's elements, attributes and classes) and well nested.
#![no_main]

use cotejo::compare::worddiff::diff_text;
use cotejo::render::redline::{Changes, Side, render_excerpt, render_merged, render_side};
use libfuzzer_sys::fuzz_target;

fn check(what: &str, html: &str) {
    if let Some(offence) = cotejo_fuzz::html::offence(html) {
        panic!("{what}: {offence}\n--- HTML ---\n{html}");
    }
}

fuzz_target!(|data: &[u8]| {
    let (old, new) = cotejo_fuzz::split_pair(data);
    let tokens = diff_text(&old, &new);
    check("merged", &render_merged(&old, &new, &tokens));
    let changes = Changes::from_tokens(&tokens);
    check("new side", &render_side(&new, &changes.new_side()));
    check("old side", &render_side(&old, &changes.old_side()));
    check("plain", &render_side(&new, &Side::PLAIN));
    check("excerpt", &render_excerpt(&new, &changes.new_side()));
});
