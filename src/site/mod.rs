//! `cotejo site`: the public change history as a static site.
