//! `cotejo book`: the change history as an mdBook source.
