//! Extractors whose every rejection is an [`ApiError`], so no request ever gets axum's plain-text
//! error bodies.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::{header, request::Parts};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::routes::AppState;
use crate::{ApiError, MAX_BODY_BYTES};

/// The optional JSON body of `POST /api/visits`.
#[derive(Debug, Default, Deserialize)]
pub struct VisitBody {
    #[serde(default)]
    pub path: Option<String>,
    /// The share link the page was opened with (`?ref=NAME`).
    #[serde(default, rename = "ref")]
    pub link: Option<String>,
    /// The host of the page that linked here (`document.referrer`'s host).
    #[serde(default)]
    pub referrer: Option<String>,
}

impl FromRequest<AppState> for VisitBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let declared_len =
            req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared_len.is_some_and(|len| len > MAX_BODY_BYTES as u64) {
            return Err(ApiError::PayloadTooLarge);
        }
        let is_json = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_json_type);
        // Declared JSON even when empty: a type other than the three "simple" ones of a form
        // makes a browser ask the CORS preflight first, which another site's page fails.
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        // The whole body within the deadline, however slowly it trickles.
        let read = tokio::time::timeout(state.body_timeout, axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES));
        let bytes = read.await.map_err(|_| ApiError::RequestTimeout)?.map_err(|err| {
            if is_length_limit(&err) {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadJson("the body could not be read".to_owned())
            }
        })?;
        // No body at all counts `/`; anything else must be a JSON object.
        if bytes.is_empty() {
            return Ok(Self::default());
        }
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|err| ApiError::BadJson(err.to_string()))?;
        if !value.is_object() {
            return Err(ApiError::InvalidBody("it is not an object".to_owned()));
        }
        serde_json::from_value(value).map_err(|err| ApiError::InvalidBody(err.to_string()))
    }
}

fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// `application/json` or any `application/…+json`, with or without parameters.
fn is_json_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `Query<T>` whose rejection is a JSON `bad_query` error.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => {
                Err(ApiError::BadQuery(format!("The query string is not valid: {}.", rejection.body_text())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_json_type;

    #[test]
    fn json_content_types() {
        assert!(is_json_type("application/json"));
        assert!(is_json_type("Application/JSON; charset=utf-8"));
        assert!(is_json_type("application/merge-patch+json"));
        assert!(!is_json_type("text/plain"));
        assert!(!is_json_type("application/x-www-form-urlencoded"));
        assert!(!is_json_type(""));
    }
}
