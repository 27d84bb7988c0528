use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use counter::{PathError, StoreError};
use serde::Serialize;

/// Every way an API request can fail. The variant says the status; the body is always
/// `{"error": "<code>", "message": "<one sentence>"}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not well-formed JSON.
    #[error("The request body is not valid JSON: {0}.")]
    BadJson(String),
    /// 400: the body is JSON but not the expected object.
    #[error("The request body must be a JSON object like {{\"path\":\"/\"}}: {0}.")]
    InvalidBody(String),
    /// 400: the page path breaks a rule.
    #[error("The page path is not valid: {0}.")]
    BadPath(#[from] PathError),
    /// 400: a query parameter is missing its form or range.
    #[error("{0}")]
    BadQuery(String),
    /// 404: no such API route.
    #[error("There is no API route at this address.")]
    NotFound,
    /// 405: the route exists, the method does not (the response keeps its `Allow` header).
    #[error("This route does not accept that method; the Allow header lists those it does.")]
    MethodNotAllowed,
    /// 413: the body is over [`crate::MAX_BODY_BYTES`].
    #[error("The request body is larger than 1 KiB.")]
    PayloadTooLarge,
    /// 415: a body that is not declared as JSON.
    #[error("The request body must be JSON, sent with Content-Type: application/json.")]
    UnsupportedMediaType,
    /// 503: the store failed; the details go to the log, not to the client.
    #[error("The visit counter is unavailable right now; please try again shortly.")]
    StoreUnavailable(#[source] StoreError),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadJson(_) | Self::InvalidBody(_) | Self::BadPath(_) | Self::BadQuery(_) => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadJson(_) => "bad_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::BadPath(_) => "bad_path",
            Self::BadQuery(_) => "bad_query",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::StoreUnavailable(_) => "store_unavailable",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        Self::StoreUnavailable(err)
    }
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody<'a> {
    /// A snake_case code: bad_json, invalid_body, bad_path, bad_query, not_found,
    /// method_not_allowed, payload_too_large, unsupported_media_type or store_unavailable.
    #[schema(example = "bad_path")]
    error: &'a str,
    /// One sentence for a human.
    #[schema(example = "The page path is not valid: the path must start with /.")]
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::StoreUnavailable(err) = &self {
            tracing::error!(error = %error_chain(err), "store request failed");
        }
        let body = ErrorBody { error: self.code(), message: self.to_string() };
        (self.status(), Json(body)).into_response()
    }
}

/// The error and all its causes on one line, for the log.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
