//! nabi-sdk (in progress)
