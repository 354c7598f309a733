//! The HTTP interface of the workbench (axum): the page's assets and the
//! JSON API. Every handler works on the [`Workbench`] loaded at start; no
//! value sent by the client is ever used as a path, and the only files
//! written are fixed names inside the output folder.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::assets;
use super::engine::{EditPlan, Workbench, WorkbenchError};
use crate::evaluate::read_proposal_bytes;

/// The largest request body accepted (an uploaded proposal or an edit).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The state shared by the handlers.
#[derive(Clone)]
pub struct AppState {
    workbench: Arc<Workbench>,
}

/// An error answer: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(ErrorBody {
                error: &self.message,
            }),
        )
            .into_response()
    }
}

impl From<WorkbenchError> for ApiError {
    fn from(e: WorkbenchError) -> ApiError {
        let status = match e {
            WorkbenchError::Pipeline(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.to_string())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> ApiError {
        ApiError::new(r.status(), r.body_text())
    }
}

/// The JSON body of a request, its rejection turned into a JSON error.
struct Body<T>(T);

impl<S, T> axum::extract::FromRequest<S> for Body<T>
where
    axum::Json<T>: axum::extract::FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(v) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Body(v))
    }
}

/// The router of the workbench over `workbench` (shared: two routers may
/// serve one workbench).
pub fn router(workbench: Arc<Workbench>) -> Router {
    let state = AppState { workbench };
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/info", get(info))
        .route("/api/map", get(map))
        .route("/api/districts", get(districts))
        .route("/api/units", get(units))
        .route("/api/proposal", get(proposal))
        .route("/api/evaluate", post(evaluate))
        .route("/api/upload", post(upload))
        .route("/api/export", post(export))
        .route("/api/report", post(report))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(same_origin))
        .with_state(state)
}

/// Refuses a request whose `Origin` is not the server itself (another
/// site's page calling the local server): 403.
async fn same_origin(req: Request, next: Next) -> Response {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| !host.is_empty() && o == host);
        if !ok {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "requests from another origin are refused",
            )
            .into_response();
        }
    }
    if req.method() != Method::GET && req.method() != Method::POST {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "only GET and POST").into_response();
    }
    next.run(req).await
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page or endpoint")
}

fn typed(ct: &'static str, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    r
}

async fn index() -> Response {
    typed("text/html; charset=utf-8", assets::INDEX_HTML)
}

async fn script() -> Response {
    typed("text/javascript; charset=utf-8", assets::APP_JS)
}

async fn style() -> Response {
    typed("text/css; charset=utf-8", assets::APP_CSS)
}

async fn info(State(s): State<AppState>) -> Response {
    axum::Json(s.workbench.info()).into_response()
}

async fn map(State(s): State<AppState>) -> Response {
    typed("application/geo+json", s.workbench.map_json().to_string())
}

async fn districts(State(s): State<AppState>) -> Response {
    typed(
        "application/geo+json",
        s.workbench.districts_json().to_string(),
    )
}

async fn units(State(s): State<AppState>) -> Response {
    axum::Json(s.workbench.units()).into_response()
}

async fn proposal(State(s): State<AppState>) -> Response {
    axum::Json(s.workbench.planner()).into_response()
}

/// Runs `f` on the blocking pool (an evaluation is CPU work).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// The verdict of an edit; an edit with errors as written (unknown code,
/// member in two groups) is refused with 422 and its issues.
async fn evaluate(State(s): State<AppState>, Body(edit): Body<EditPlan>) -> Response {
    let wb = s.workbench.clone();
    match blocking(move || Ok(wb.evaluate(&edit)?)).await {
        Ok(v)
            if v.issues
                .iter()
                .any(|i| i.severity == crate::io::Severity::Error) =>
        {
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(v)).into_response()
        }
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `?format=csv|xlsx` of an upload or export.
#[derive(Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

fn is_xlsx(q: &FormatQuery) -> Result<bool, ApiError> {
    match q.format.as_deref() {
        None | Some("csv") => Ok(false),
        Some("xlsx") => Ok(true),
        Some(other) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("format '{other}' is not known; expected csv or xlsx"),
        )),
    }
}

/// An uploaded proposal: the page's groups and the file's issues.
#[derive(Serialize)]
struct Uploaded {
    plan: EditPlan,
    issues: Vec<super::engine::EditIssue>,
}

/// Reads an uploaded proposal (the body: a CSV file, or an .xlsx workbook
/// with `?format=xlsx`) with the positioned errors of `reorg evaluate`.
async fn upload(
    State(s): State<AppState>,
    Query(q): Query<FormatQuery>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return ApiError::new(r.status(), r.body_text()).into_response(),
    };
    let xlsx = match is_xlsx(&q) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    if body.is_empty() {
        return ApiError::new(StatusCode::BAD_REQUEST, "the upload is empty").into_response();
    }
    let label = if xlsx { "tai-len.xlsx" } else { "tai-len.csv" };
    let file = match read_proposal_bytes(label, &body, xlsx) {
        Ok(f) => f,
        Err(e) => return ApiError::new(StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let (plan, issues) = s.workbench.edit_of(&file);
    let status = if issues
        .iter()
        .any(|i| i.severity == crate::io::Severity::Error)
    {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, axum::Json(Uploaded { plan, issues })).into_response()
}

/// The edit as a proposal file for download (`?format=csv|xlsx`), also
/// saved as `phuong-an.csv` / `phuong-an.xlsx` in the output folder.
async fn export(
    State(s): State<AppState>,
    Query(q): Query<FormatQuery>,
    Body(edit): Body<EditPlan>,
) -> Response {
    let xlsx = match is_xlsx(&q) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    // Codes the province does not hold are refused, as `evaluate` would.
    let verdict = s.workbench.resolve(&Workbench::as_file(&edit));
    if verdict.errors() > 0 {
        let issues: Vec<super::engine::EditIssue> = verdict
            .issues
            .iter()
            .map(super::engine::EditIssue::from)
            .collect();
        return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(issues)).into_response();
    }
    let (bytes, name, ct) = if xlsx {
        (
            Workbench::export_xlsx(&edit),
            "phuong-an.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        (
            s.workbench.export_csv(&edit),
            super::engine::EXPORT_CSV,
            "text/csv; charset=utf-8",
        )
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let wb = s.workbench.clone();
    let saved = bytes.clone();
    if let Err(e) = blocking(move || {
        wb.save(name, &saved)?;
        Ok(())
    })
    .await
    {
        return e.into_response();
    }
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, bytes).into_response()
}

/// What a report request wrote.
#[derive(Serialize)]
struct Written {
    folder: &'static str,
    files: Vec<String>,
}

/// Writes the report folder of the edit into `<out>/bao-cao/`.
async fn report(State(s): State<AppState>, Body(edit): Body<EditPlan>) -> Response {
    let wb = s.workbench.clone();
    match blocking(move || Ok(wb.report(&edit)?)).await {
        Ok(Ok(files)) => axum::Json(Written {
            folder: "bao-cao",
            files,
        })
        .into_response(),
        Ok(Err(verdict)) => (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(verdict)).into_response(),
        Err(e) => e.into_response(),
    }
}
