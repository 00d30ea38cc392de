//! The history of the document over a chain of versions (the manifest's drafts,
//! or every commit that touched the document): each section's lineage across
//! the chain, what happened to it at each step, and the blame of its text.
