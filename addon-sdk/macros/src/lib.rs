//! nabi-sdk-macros
