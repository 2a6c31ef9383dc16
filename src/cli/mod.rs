//! The command-line front door: one subcommand per analysis, each with a
//! readable table by default and the contract's JSON with `--json`
//! (`../shared/cli-contract.md`). Bad input exits with status 2 and one
//! line on stderr.

pub mod benefit;
pub mod calibration;
pub mod cindex;
pub mod classify;
pub mod common;
pub mod cox;
pub mod cox_screen;
pub mod cox_zph;
pub mod cutpoint;
pub mod dca;
pub mod dca_surv;
pub mod demo;
pub mod enrich;
pub mod gsea;
pub mod iptw;
pub mod km;
pub mod lasso_cox;
pub mod limma;
pub mod logistic;
pub mod logrank;
pub mod match_ps;
pub mod plugin;
pub mod plugin_host;
pub mod predict;
mod progress;
pub mod radiomics_select;
mod report;
pub mod roc;
pub mod run;
pub mod sc_prop;
pub mod signature;
pub mod surv_calibration;
pub mod table1;
pub mod td_auc;
pub mod test;
pub mod train;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// prognos: statistics for multimodal cancer-prognosis studies.
#[derive(Parser, Debug)]
#[command(name = "prognos", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The built-in synthetic multi-centre study, end to end: results.json and report.html.
    #[command(name = "demo")]
    Demo(demo::Args),
    /// A whole study from a study file (TOML): results.json, figures, report.html/pdf; exit 3 if an analysis failed.
    Run(run::Args),
    /// Kaplan–Meier curves with Greenwood CIs, and the log-rank test across groups.
    #[command(name = "km")]
    Km(km::Args),
    /// Log-rank test (k groups, optional strata), as survival::survdiff.
    #[command(name = "logrank")]
    Logrank(logrank::Args),
    /// Cox proportional-hazards model, as survival::coxph.
    #[command(name = "cox")]
    Cox(cox::Args),
    /// Apply a saved Cox model to another cohort.
    #[command(name = "predict")]
    Predict(predict::Args),
    /// Proportional-hazards test of Grambsch and Therneau, as survival::cox.zph.
    #[command(name = "cox-zph")]
    CoxZph(cox_zph::Args),
    /// Univariate Cox screen, then multivariable Cox on the covariates that pass.
    #[command(name = "cox-screen")]
    CoxScreen(cox_screen::Args),
    /// Harrell's and Uno's concordance of a risk score, with bootstrap CI.
    #[command(name = "cindex")]
    Cindex(cindex::Args),
    /// Cumulative/dynamic time-dependent AUC with IPCW weights.
    #[command(name = "td-auc")]
    TdAuc(td_auc::Args),
    /// Cut-point of a score: median, maxstat or Youden.
    #[command(name = "cutpoint")]
    Cutpoint(cutpoint::Args),
    /// Elastic-net penalised Cox path with cross-validation, as glmnet::cv.glmnet.
    #[command(name = "lasso-cox")]
    LassoCox(lasso_cox::Args),
    /// Gene signature: FDR screen, LASSO-Cox, Cox refit, validation.
    #[command(name = "signature")]
    Signature(signature::Args),
    /// Propensity-score nearest-neighbour matching, as MatchIt.
    #[command(name = "match")]
    MatchPs(match_ps::Args),
    /// Treatment benefit within risk groups, before and after matching.
    #[command(name = "benefit")]
    Benefit(benefit::Args),
    /// Inverse-probability-of-treatment weights, weighted balance, weighted KM and robust Cox.
    #[command(name = "iptw")]
    Iptw(iptw::Args),
    /// ROC curve, AUC with DeLong CI, Youden cut-off, paired DeLong test.
    #[command(name = "roc")]
    Roc(roc::Args),
    /// Calibration of predicted probabilities.
    #[command(name = "calibration")]
    Calibration(calibration::Args),
    /// Decision-curve analysis (net benefit).
    #[command(name = "dca")]
    Dca(dca::Args),
    /// Differential expression as limma lmFit/eBayes/topTable.
    #[command(name = "limma")]
    Limma(limma::Args),
    /// Over-representation analysis of a gene list against a GMT.
    #[command(name = "enrich")]
    Enrich(enrich::Args),
    /// Preranked gene-set enrichment analysis.
    #[command(name = "gsea")]
    Gsea(gsea::Args),
    /// Cell-type proportion test between sample groups, as speckle::propeller.
    #[command(name = "sc-prop")]
    ScProp(sc_prop::Args),
    /// Baseline characteristics table by group.
    #[command(name = "table1")]
    Table1(table1::Args),
    /// Classical tests: t, Wilcoxon, Kruskal-Wallis, ANOVA, chi-square, Fisher, correlation.
    #[command(name = "test")]
    Test(test::Args),
    /// Radiomics feature selection: ICC filter, ComBat, redundancy, univariate tests.
    #[command(name = "radiomics-select")]
    RadiomicsSelect(radiomics_select::Args),
    /// Cross-validated comparison of classifiers (AUC with DeLong CI).
    #[command(name = "classify")]
    Classify(classify::Args),
    /// Image-model plugins: list, describe, run over a manifest.
    #[command(name = "plugin")]
    Plugin(plugin::Args),
    /// Child process of an isolated plugin (internal).
    #[command(name = "plugin-host", hide = true)]
    PluginHost(plugin_host::Args),
    /// Train a reference network (CT 3D ResNet or WSI attention-MIL); the result is usable as a plugin.
    #[command(name = "train")]
    Train(train::Args),
    /// Logistic regression: univariate screen, multivariable fit, stepwise AIC, as glm/step.
    #[command(name = "logistic")]
    Logistic(logistic::Args),
    /// Calibration of a Cox model at a horizon: predicted vs Kaplan–Meier survival by risk group.
    #[command(name = "surv-calibration")]
    SurvCalibration(surv_calibration::Args),
    /// Decision-curve analysis of survival at a horizon (Kaplan–Meier net benefit).
    #[command(name = "dca-surv")]
    DcaSurv(dca_surv::Args),
}

/// Parses the command line, runs the subcommand and prints its result.
/// Exit status: 0 on success, 2 on bad input or a failed analysis.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let (result, json) = match &cli.command {
        Command::Demo(a) => (demo::run(a), a.common.json),
        Command::Run(a) => (run::run(a), a.common.json),
        Command::Km(a) => (km::run(a), a.common.json),
        Command::Logrank(a) => (logrank::run(a), a.common.json),
        Command::Cox(a) => (cox::run(a), a.common.json),
        Command::Predict(a) => (predict::run(a), a.common.json),
        Command::CoxZph(a) => (cox_zph::run(a), a.common.json),
        Command::CoxScreen(a) => (cox_screen::run(a), a.common.json),
        Command::Cindex(a) => (cindex::run(a), a.common.json),
        Command::TdAuc(a) => (td_auc::run(a), a.common.json),
        Command::Cutpoint(a) => (cutpoint::run(a), a.common.json),
        Command::LassoCox(a) => (lasso_cox::run(a), a.common.json),
        Command::Signature(a) => (signature::run(a), a.common.json),
        Command::MatchPs(a) => (match_ps::run(a), a.common.json),
        Command::Benefit(a) => (benefit::run(a), a.common.json),
        Command::Iptw(a) => (iptw::run(a), a.common.json),
        Command::Roc(a) => (roc::run(a), a.common.json),
        Command::Calibration(a) => (calibration::run(a), a.common.json),
        Command::Dca(a) => (dca::run(a), a.common.json),
        Command::Limma(a) => (limma::run(a), a.common.json),
        Command::Enrich(a) => (enrich::run(a), a.common.json),
        Command::Gsea(a) => (gsea::run(a), a.common.json),
        Command::ScProp(a) => (sc_prop::run(a), a.common.json),
        Command::Table1(a) => (table1::run(a), a.common.json),
        Command::Test(a) => (test::run(a), a.common.json),
        Command::RadiomicsSelect(a) => (radiomics_select::run(a), a.common.json),
        Command::Classify(a) => (classify::run(a), a.common.json),
        Command::Plugin(a) => (plugin::run(a), a.json()),
        Command::PluginHost(a) => (plugin_host::run(a), a.common.json),
        Command::Train(a) => (train::run(a), a.common.json),
        Command::Logistic(a) => (logistic::run(a), a.common.json),
        Command::SurvCalibration(a) => (surv_calibration::run(a), a.common.json),
        Command::DcaSurv(a) => (dca_surv::run(a), a.common.json),
    };
    match result {
        Ok(out) => {
            let text = if json {
                let mut v = out.json;
                if let serde_json::Value::Object(m) = &mut v {
                    m.insert("timing".into(), serde_json::json!({"fit_s": out.fit_s}));
                }
                let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
                s.push('\n');
                s
            } else if out.text.ends_with('\n') {
                out.text
            } else {
                out.text + "\n"
            };
            // A closed pipe (`prognos ... | head`) is not an error of ours.
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the result: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
