//! The word diff of two texts (split at 0xFF) rebuilds both.
#![no_main]

use cotejo::compare::worddiff::diff_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (old, new) = cotejo_fuzz::split_pair(data);
    let tokens = diff_text(&old, &new);
    cotejo_fuzz::check_tokens(&old, &new, &tokens);
});
