use axum::Json;
use axum::http::{StatusCode, header};
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
    /// 403: a browser request sent by a page of another site.
    #[error("Views are counted only from the site's own pages; this request came from another site.")]
    CrossSite,
    /// 404: no such API route.
    #[error("There is no API route at this address.")]
    NotFound,
    /// 404: the path is well formed but not a page of this site; nothing is stored.
    #[error("The path {0} is not a page of this site.")]
    UnknownPage(String),
    /// 405: the route exists, the method does not (the response keeps its `Allow` header).
    #[error("This route does not accept that method; the Allow header lists those it does.")]
    MethodNotAllowed,
    /// 408: the body did not arrive within the deadline.
    #[error("The request body did not arrive in time.")]
    RequestTimeout,
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
    /// The HTTP status of this failure.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadJson(_) | Self::InvalidBody(_) | Self::BadPath(_) | Self::BadQuery(_) => StatusCode::BAD_REQUEST,
            Self::CrossSite => StatusCode::FORBIDDEN,
            Self::NotFound | Self::UnknownPage(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The snake_case code in the body's `error` field.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadJson(_) => "bad_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::BadPath(_) => "bad_path",
            Self::BadQuery(_) => "bad_query",
            Self::CrossSite => "cross_site",
            Self::NotFound => "not_found",
            Self::UnknownPage(_) => "unknown_page",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RequestTimeout => "request_timeout",
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
    /// A snake_case code: bad_json, invalid_body, bad_path, bad_query, cross_site, not_found,
    /// unknown_page, method_not_allowed, request_timeout, payload_too_large,
    /// unsupported_media_type or store_unavailable.
    #[schema(example = "bad_path")]
    error: &'a str,
    /// One sentence for a human.
    #[schema(example = "The page path is not valid: the path must start with /.")]
    message: String,
}

/// A store failure behind a 503, riding on the response for [`crate::log_requests`] to log: the
/// client gets one sentence, the log the whole chain. Building a response has no side effect.
#[derive(Debug, Clone)]
pub struct StoreFailure(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.code(), message: self.to_string() };
        let mut response = (self.status(), Json(body)).into_response();
        if let Self::StoreUnavailable(err) = &self {
            response.extensions_mut().insert(StoreFailure(err.chain()));
        }
        response
    }
}

/// axum answers a known route with an unknown method by an empty 405 with `Allow`; give it our
/// JSON body and keep the header.
pub(crate) async fn method_not_allowed_as_json(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut json = ApiError::MethodNotAllowed.into_response();
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_failure_rides_on_the_response_for_the_log() {
        let cause = StoreError::unavailable("disk full");
        let response = ApiError::from(cause).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let failure = response.extensions().get::<StoreFailure>().expect("the failure for the log");
        assert!(failure.0.contains("unavailable") && failure.0.contains("disk full"), "{failure:?}");
        assert!(ApiError::NotFound.into_response().extensions().get::<StoreFailure>().is_none());
    }
}
