//! `reorg serve`: the planner's workbench in the browser. A local web
//! server (axum on tokio) shows one province's map; the planner clicks
//! communes into groups and every edit is judged at once by the code of
//! `reorg evaluate` ([`engine::Workbench::evaluate`]).
//!
//! - [`engine`]: the province loaded once, the verdict of an edit, the
//!   exports and the report folder;
//! - [`api`]: the HTTP routes (page, JSON API) and their safety rules:
//!   foreign `Origin` refused, body size limited, malformed JSON answered
//!   with a 4xx and a message, no client value used as a path;
//! - [`assets`]: the page (HTML, script, style) embedded in the binary, so
//!   it works offline.

pub mod api;
pub mod assets;
pub mod engine;

use std::net::SocketAddr;
use std::sync::Arc;

pub use api::router;
pub use engine::{EditGroup, EditPlan, EditVerdict, Workbench, WorkbenchError};

/// Serves `workbench` on `addr` until `shutdown` completes (the command
/// passes Ctrl-C); `ready` is called with the address actually bound (port
/// 0 picks a free port) before the first request is answered.
///
/// # Errors
/// The address cannot be bound or the server fails.
pub async fn serve(
    workbench: Arc<Workbench>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(workbench))
        .with_graceful_shutdown(shutdown)
        .await
}
