//! The cloud-resume HTTP API under `/api`, the same in every runtime.
//!
//! [`router`] is the only way in: it takes a [`counter::Counter`] (over whichever store the
//! runtime chose) and an [`ApiConfig`], and returns an axum `Router` that the local server runs
//! with `axum::serve` and the Lambda function with `lambda_http`. Every failure, including
//! axum's own rejections, answers with the JSON shape of [`ApiError`].
//!
//! The client IP is read as [`ClientIpSource`] says — the socket peer, a trusted proxy's
//! `X-Forwarded-For`, or a header such as CloudFront's `CloudFront-Viewer-Address` — and goes
//! only to the counter, which hashes it. Nothing here logs an IP address or a User-Agent.
//!
//! This crate knows no concrete store and nothing of the site.

#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
mod client_ip;
mod error;
mod extract;
mod guard;
mod log;
mod openapi;
mod routes;

pub use client_ip::ClientIpSource;
pub use error::{ApiError, StoreFailure};
pub use guard::SiteOrigin;
pub use log::log_requests;
pub use openapi::ApiDoc;
pub use routes::{ApiConfig, DEFAULT_BODY_TIMEOUT, MAX_BODY_BYTES, router};
