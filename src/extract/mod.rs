//! Fact extraction from news text (being written).
