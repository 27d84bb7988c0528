//! The OpenAPI 3 document of the API, generated from the handlers' `#[utoipa::path]` attributes
//! and served at `/api/openapi.json`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use crate::error::ErrorBody;
use crate::routes::{
    __path_daily_visits, __path_health, __path_read_visits, __path_record_visit, Daily, DailyEntry, Health,
    VisitCounts, VisitRequest,
};

/// The OpenAPI 3 description of this API, generated from the handlers above.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cloud-resume API",
        description = "The visitor counter of a cloud-resume site. Every error is JSON: {\"error\": code, \"message\": sentence}; \
                       a known route with another method answers 405 with Allow.",
        license(name = "MIT")
    ),
    paths(record_visit, read_visits, daily_visits, health, openapi_json),
    components(schemas(VisitCounts, VisitRequest, Daily, DailyEntry, Health, ErrorBody)),
    modifiers(&RequiredVisitBody)
)]
pub struct ApiDoc;

/// The body of `POST /api/visits` is required as the server requires it: declared
/// `application/json` (without that header the answer is 415, since the cross-site guard rests
/// on it), where an empty body reads as `{}`. Said here explicitly rather than left to utoipa's
/// default for a non-`Option` body, which a change of the handler's type could flip.
struct RequiredVisitBody;

impl utoipa::Modify for RequiredVisitBody {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let body = openapi
            .paths
            .paths
            .get_mut("/api/visits")
            .and_then(|item| item.post.as_mut())
            .and_then(|op| op.request_body.as_mut());
        if let Some(body) = body {
            body.required = Some(utoipa::openapi::Required::True);
        }
    }
}

static OPENAPI_JSON: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises"));

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", responses((status = 200, description = "The OpenAPI 3 document of this API", content_type = "application/json")))]
pub(crate) async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON.as_str()).into_response()
}
