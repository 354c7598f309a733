//! `reorg serve DIR`: the planner's workbench in the browser (see
//! [`reorg::serve`]); parses the flags, opens the workbench, serves it.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use reorg::io::csv_out::CsvStyle;
use reorg::lang::Msg;
use reorg::serve::{Workbench, serve};

/// Flags of `reorg serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Open the printed address in a browser. The server listens on 127.0.0.1 unless --listen says otherwise; requests from other origins are refused. Exports and reports are written only inside --out."
)]
pub struct ServeArgs {
    /// Dataset folder holding units.csv, adjacency.csv and geometry/.
    pub dir: PathBuf,
    /// The province, by code or name ("26", "Vĩnh Phúc", "vinh-phuc"); default: the dataset's first.
    #[arg(long)]
    pub province: Option<String>,
    /// Scenario file (TOML); without it, the law as written with documented defaults.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Port (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub listen: IpAddr,
    /// Folder for exports and reports; default reports/ban-lam-viec/.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Opens the workbench and serves it until Ctrl-C.
pub fn run(args: &ServeArgs, csv: CsvStyle) -> anyhow::Result<ExitCode> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join("ban-lam-viec"));
    let wb = Workbench::open(
        &args.dir,
        args.province.as_deref(),
        args.scenario.as_deref(),
        &out,
    )?
    .with_csv_style(csv);
    let info = wb.info();
    let (name, lang) = (info.name, info.lang);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(serve(
        Arc::new(wb),
        SocketAddr::new(args.listen, args.port),
        |addr| {
            let mut o = std::io::stdout().lock();
            let line = Msg::ServeListening.fill(lang, &[("province", &name), ("addr", &addr)]);
            let _ = writeln!(o, "{line}");
            let _ = o.flush();
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ))?;
    Ok(ExitCode::SUCCESS)
}
