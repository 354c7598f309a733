//! The integration tests, in one binary (one link instead of forty: see
//! CONTRIBUTING.md, "Build and test"). One module per concern; shared
//! helpers in `support`, `charts_common`, `report_common` and
//! `regionalize_common`.

#![allow(clippy::unwrap_used)]

mod charts_common;
mod regionalize_common;
mod report_common;
mod support;

mod architecture;
mod assess_cli;
mod assess_examples;
mod assess_national;
mod assess_semantics;
mod backtest_calibrate;
mod backtest_figures;
mod byod_data;
mod charts_consistency;
mod charts_render;
mod consent_gate;
mod dossier_draft;
mod dossier_regions;
mod dossier_workbook;
mod evaluate;
mod geo_dissolve;
mod geo_export;
mod golden_outputs;
mod i18n_terminal;
mod io_fixtures;
mod io_fuzz;
mod io_output;
mod legal_map;
mod planner_cases;
mod planner_practice;
mod planner_props;
mod planner_targets;
mod regionalize_cli;
mod regionalize_count;
mod regionalize_exact;
mod regionalize_outputs;
mod regionalize_rules;
mod regionalize_rules_exact;
mod reliability_atomic;
mod reliability_bounds;
mod reliability_csv;
mod reliability_determinism;
mod reliability_exit_codes;
mod reliability_inputs;
mod reliability_parsers;
mod report_golden;
mod report_national;
mod report_render;
mod report_webmap;
mod rules_files;
mod rules_nq76;
mod schedule_cases;
mod schedule_measures;
mod schedule_pipeline;
mod schedule_props;
mod serve_api;
mod serve_browser;
mod staffing_quota;
mod staffing_roadmap;
mod validator_checks;
